/** The address rule of webhook targets: refused at creation and at delivery, unless private targets are allowed. */
import { describe, expect, it } from 'vitest';
import { insideAddress, resolveTarget, type Lookup } from './target';

const refuse = (url: string, lookup?: Lookup) => resolveTarget(url, { allowPrivate: false, lookup });

describe('webhook targets', () => {
  it('refuses loopback, private, link-local and metadata addresses with a reason naming the address', async () => {
    await expect(refuse('http://127.0.0.1/')).rejects.toThrow('webhook URL points to a loopback address (127.0.0.1)');
    await expect(refuse('http://169.254.169.254/latest/meta-data')).rejects.toThrow('a link-local (cloud metadata) address (169.254.169.254)');
    await expect(refuse('http://[::1]/')).rejects.toThrow('a loopback address (::1)');
    await expect(refuse('http://10.1.2.3/')).rejects.toThrow('a private address (10.1.2.3)');
    await expect(refuse('http://[::ffff:127.0.0.1]/')).rejects.toThrow('loopback');
    await expect(refuse('http://[::ffff:a9fe:a9fe]/')).rejects.toThrow('link-local');
    await expect(refuse('http://0x7f000001/')).rejects.toThrow('loopback');
    await expect(refuse('http://2130706433/')).rejects.toThrow('loopback');
  });

  it('refuses a name that resolves to a private address, and one with any private address among public ones', async () => {
    await expect(refuse('http://localhost:8080/hook')).rejects.toThrow(/webhook URL resolves to a loopback address/);
    const mixed: Lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(refuse('https://hooks.example.com/x', mixed)).rejects.toThrow('webhook URL resolves to a private address (10.0.0.5)');
    const failing: Lookup = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(refuse('https://nowhere.example/x', failing)).rejects.toThrow('does not resolve (ENOTFOUND)');
  });

  it('accepts a public address and pins it; allows private ones only when told', async () => {
    const pub: Lookup = async () => [{ address: '93.184.216.34', family: 4 }];
    expect(await refuse('https://hooks.example.com/x', pub)).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(await resolveTarget('http://127.0.0.1:9/x', { allowPrivate: true })).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses what is not an http(s) URL without credentials', async () => {
    await expect(refuse('ftp://example.com/')).rejects.toThrow('only http and https');
    await expect(refuse('http://user:pw@example.com/')).rejects.toThrow('user name or password');
    await expect(refuse('not a url')).rejects.toThrow('not a valid URL');
  });

  it('classifies addresses', () => {
    const inside = [
      '0.0.0.0',
      '10.0.0.1',
      '100.64.0.1',
      '127.0.0.2',
      '169.254.1.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fc00::1',
      'fd12::1',
      'fe80::1',
      'ff02::1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
    ];
    for (const a of inside) expect(insideAddress(a), a).not.toBeNull();
    for (const a of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(insideAddress(a), a).toBeNull();
  });
  it('hands every checked address to the connection (IPv6 first as resolved, IPv4 to fall back to)', async () => {
    const both: Lookup = async () => [
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ];
    const target = await resolveTarget('https://hooks.example.com/x', { allowPrivate: false, lookup: both });
    expect(target.addresses).toEqual([
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
  });
});
