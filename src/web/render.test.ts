import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCsrf, tokenFor } from './csrf.ts';
import { loggableUrl } from './logging.ts';
import { safeNext } from './render.ts';

describe('safeNext', () => {
  it('accepts back-office paths only', () => {
    assert.equal(safeNext('/office/agencies'), '/office/agencies');
    assert.equal(safeNext('/office?x=1'), '/office?x=1');
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/office//evil',
      '/',
      'office',
      5,
      // Not a valid Location header: Node would answer 500.
      '/office/中',
      '/office/\u0001',
    ]) {
      assert.equal(safeNext(bad), null, String(bad));
    }
  });
});

describe('CSRF tokens', () => {
  it('differ between sessions and between browsers', () => {
    const secret = 'a'.repeat(43);
    assert.notEqual(tokenFor(secret, 'session-1'), tokenFor(secret, 'session-2'));
    assert.notEqual(tokenFor(secret, ''), tokenFor('b'.repeat(43), ''));
    assert.equal(tokenFor(secret, 'session-1'), tokenFor(secret, 'session-1'));
  });

  it('use a __Host- cookie behind TLS', () => {
    assert.equal(createCsrf({ secureCookies: true, binding: () => '' }).cookieName, '__Host-gk_csrf');
    assert.equal(createCsrf({ secureCookies: false, binding: () => '' }).cookieName, 'gk_csrf');
  });
});

describe('log URLs', () => {
  it('hide secret-looking query values', () => {
    assert.equal(loggableUrl('/x?_csrf=abc&page=2&token=t'), '/x?_csrf=[已隐藏]&page=2&token=[已隐藏]');
  });
});
