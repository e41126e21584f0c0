import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { conversation } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

describe('Tags in the visitor sidebar', () => {
  it('explains a tag the server would refuse instead of sending it', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 0 });
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
        'GET /api/v1/conversations/c1': { body: { conversation: c } },
        'GET /api/v1/conversations/c1/messages': { body: { items: [] } },
        'POST /api/v1/conversations/c1/read': { body: { conversation: c } },
        'PUT /api/v1/conversations/c1/tags': { body: { conversation: { ...c, tags: ['vip'] } } },
      },
      '#/conversations/c1',
    );
    const input = (await screen.findByRole('textbox', { name: 'Add a tag' })) as HTMLInputElement;

    fireEvent.input(input, { target: { value: 'decaf; check stock' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Tags may contain letters, digits, spaces, - and _.');
    expect(input.value).toBe('decaf; check stock');
    expect(fetch.calls.some((x) => x.method === 'PUT')).toBe(false);

    fireEvent.input(input, { target: { value: 'vip' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(fetch.calls.find((x) => x.method === 'PUT')).toMatchObject({ path: '/api/v1/conversations/c1/tags', body: { tags: ['vip'] } });
  });
});
