import { MAX_REQUEST_ID_LENGTH, resolveRequestId } from './request-id.js';

describe('resolveRequestId', () => {
  it.each([
    '3f2b1c9e-8d4a-4b7e-9f10-2a6c3d4e5f60',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'lb.7:a/b+c=d@e',
  ])('keeps the sane id %s', (id) => {
    expect(resolveRequestId(id)).toEqual({ requestId: id });
  });

  it('keeps an id of exactly the maximum length and refuses one character more', () => {
    expect(resolveRequestId('a'.repeat(MAX_REQUEST_ID_LENGTH)).rejected).toBeUndefined();
    expect(resolveRequestId('a'.repeat(MAX_REQUEST_ID_LENGTH + 1)).rejected).toBe('too long');
  });

  it.each(['line\nbreak', 'tab\there', 'nul\u0000', 'space here', '<script>', 'naïve', ''])(
    'never passes %j through',
    (value) => {
      const { requestId } = resolveRequestId(value);
      expect(requestId).not.toBe(value);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('refuses a header sent several times', () => {
    expect(resolveRequestId(['a', 'b']).rejected).toBe('several values');
  });
});
