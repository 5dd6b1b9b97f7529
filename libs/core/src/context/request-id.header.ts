/** The header a request id is read from and echoed in (lower case, as Node stores it). */
export const REQUEST_ID_HEADER = 'x-request-id';
