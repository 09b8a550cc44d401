import type { Random } from './random';
import { BLOCKS, STREETS, TOWNS } from './names';

export interface Household {
  address_line1: string;
  address_line2: string | null;
  town: string;
  postcode: string;
  phone_home: string | null;
}

// Postcode inward codes never use C, I, K, M, O or V.
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * Hands out details that never repeat: names, addresses, email addresses and phone numbers in
 * Ofcom's ranges kept for drama (mobiles 07700 900000–900999, landlines 01632 960000–960999).
 */
export class Directory {
  private readonly mobiles: number[];
  private readonly landlines: number[];
  private readonly addresses = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly names = new Set<string>();
  private readonly postcodes = new Map<string, string>();

  constructor(private readonly random: Random) {
    const range = Array.from({ length: 1000 }, (_, i) => i);
    this.mobiles = random.shuffle(range);
    this.landlines = random.shuffle(range);
  }

  household(): Household {
    const { town, district } = this.random.weighted(TOWNS.map((t) => [t, t.weight] as const));
    const street = this.random.pick(STREETS);
    const number = this.random.int(1, 140);
    const flat = this.random.chance(0.15) ? this.random.int(1, 24) : null;
    const block = this.random.pick(BLOCKS);
    const phone = this.random.chance(0.3);
    const key = `${flat}/${number}/${street}/${district}`;
    // Two households never share an address; a repeat is rare, so just draw again.
    if (this.addresses.has(key)) return this.household();
    this.addresses.add(key);
    return {
      address_line1: flat === null ? `${number} ${street}` : `Flat ${flat}, ${block}`,
      address_line2: flat === null ? null : `${number} ${street}`,
      town,
      // Houses on one street share a postcode, as they mostly do.
      postcode: this.postcode(`${street}/${district}`, district),
      phone_home: phone ? this.landline() : null,
    };
  }

  landline(): string {
    return `01632 960${pad(this.take(this.landlines))}`;
  }

  mobile(): string {
    return `07700 900${pad(this.take(this.mobiles))}`;
  }

  /** Records a person's full name; false if someone already has it (lists would confuse them). */
  claimName(forename: string, surname: string): boolean {
    const name = `${forename} ${surname}`.toLowerCase();
    if (this.names.has(name)) return false;
    this.names.add(name);
    return true;
  }

  /** `forename.surname@domain`, numbered when the plain form is taken. */
  email(forename: string, surname: string, domain: string): string {
    const local = `${ascii(forename)}.${ascii(surname)}`;
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }

  private postcode(key: string, district: string): string {
    let postcode = this.postcodes.get(key);
    if (postcode === undefined) {
      const letter = () => this.random.pick([...INWARD_LETTERS]);
      postcode = `${district} ${this.random.int(1, 9)}${letter()}${letter()}`;
      this.postcodes.set(key, postcode);
    }
    return postcode;
  }

  private take(pool: number[]): number {
    const value = pool.pop();
    if (value === undefined) throw new Error('Demo school: out of drama-range phone numbers');
    return value;
  }
}

const pad = (n: number) => String(n).padStart(3, '0');

/** Letters only, accents dropped: "Wójcik" → "wojcik", "O'Brien" → "obrien". */
function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('ł', 'l')
    .replaceAll('Ł', 'L')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
