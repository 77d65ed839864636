import { CONNECTION_ID, newConnectionId } from './connections.service.js';

describe('newConnectionId', () => {
  it('is 22 base64url characters and never starts with "-" (a command line would read it as an option)', () => {
    const ids = Array.from({ length: 20_000 }, newConnectionId);
    for (const id of ids) expect(CONNECTION_ID.test(id) && id[0] !== '-').toBe(true);
    // About 1 in 64 draws starts with '-' before the redraw: the loop above would have met hundreds.
    expect(new Set(ids).size).toBe(ids.length);
  });
});
