import { describe, expect, it } from 'vitest';
import { messageIdFor } from './message-id';

describe('messageIdFor', () => {
  const id = '0b7f3c52-5d7e-4a41-9b7e-2f1c8f6a9d10';

  it("is the outbox id at the sender's domain", () => {
    expect(messageIdFor(id, 'Northfield Academy <no-reply@Northfield.example>')).toBe(
      `<${id}@northfield.example>`,
    );
    expect(messageIdFor(id, 'office@hilltop.example.org')).toBe(`<${id}@hilltop.example.org>`);
  });

  it('falls back to a reserved domain when the sender has none usable', () => {
    expect(messageIdFor(id, 'Northfield <no-reply@localhost>')).toBe(`<${id}@schoolgate.invalid>`);
    expect(messageIdFor(id, 'not an address')).toBe(`<${id}@schoolgate.invalid>`);
  });
});
