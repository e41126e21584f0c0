import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

describe('Settings → Install', () => {
  it('shows each site snippet read-only and copies it', async () => {
    const demo = site();
    const blog = site({ siteId: 'site_2', name: 'Blog', snippet: '<script src="https://chat.example.com/widget.js" data-site="site_2" async></script>' });
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await renderSignedIn({ 'GET /api/v1/sites': { body: { items: [demo, blog] } } }, '#/settings/install');

    const box = (await screen.findByRole('textbox', { name: 'Snippet for Demo shop' })) as HTMLTextAreaElement;
    expect(box.value).toBe(demo.snippet);
    expect(box.readOnly).toBe(true);
    expect((screen.getByRole('textbox', { name: 'Snippet for Blog' }) as HTMLTextAreaElement).value).toBe(blog.snippet);

    const [copyDemo] = screen.getAllByRole('button', { name: 'Copy' });
    fireEvent.click(copyDemo as HTMLElement);
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(demo.snippet);
    writeText.mockRestore();
  });

  it('shows the server error when sites cannot load', async () => {
    await renderSignedIn({ 'GET /api/v1/sites': { status: 403, body: { error: { code: 'forbidden', message: 'Admins only' } } } }, '#/settings/install');
    expect(await screen.findByText('Admins only')).toBeTruthy();
  });
});
