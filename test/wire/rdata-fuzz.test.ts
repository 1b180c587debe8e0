import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WireFormatError } from '../../src/wire/errors.js';
import type { Name } from '../../src/wire/name.js';
import { ROOT_NAME, parseName } from '../../src/wire/name.js';
import { rdataFromText, rdataToText, validateRdata } from '../../src/wire/rdata.js';
import { typesWithCodecs } from '../../src/wire/rdata/registry.js';
import { typeFromMnemonic, typeToMnemonic } from '../../src/wire/rr-types.js';
import type { Token } from '../../src/wire/token.js';
import { tokenize } from '../../src/zone/tokenizer.js';

// Wire RDATA comes from peers and from the database; whatever it holds, the codec must answer
// with a WireFormatError or with text that reads back as the very same octets.

/** A small seeded generator (mulberry32), so every run tries the same inputs. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORIGIN = parseName('example.', null);

/** Valid RDATA of many types, text and wire, from the dnspython example zone, to mutate. */
function samples(): Array<{ type: number; tokens: Token[]; rdata: Buffer }> {
  const text = readFileSync(
    new URL('../../fixtures/dnspython/example1.good', import.meta.url),
    'utf8',
  );
  return [...tokenize(text)].map(({ tokens }) => {
    const type = typeFromMnemonic(tokens[3]!.text)!;
    return { type, tokens: tokens.slice(4), rdata: rdataFromText(type, tokens.slice(4), ORIGIN) };
  });
}

const ODD_WORDS = ['', '.', '@', '-', '0', '65536', '-1', '\\#', '\\', 'a=', '=', '"', 'x.y', ';'];

function mutateTokens(tokens: readonly Token[], random: () => number): Token[] {
  const out = [...tokens];
  const at = Math.floor(random() * (out.length + 1));
  const pick = random();
  if (pick < 0.3) out.splice(at, 1);
  else if (pick < 0.5) out.splice(at, 0, out[at] ?? { text: 'x', quoted: false, line: 0 });
  else if (pick < 0.7) {
    const word = ODD_WORDS[Math.floor(random() * ODD_WORDS.length)]!;
    out.splice(at, 1, { text: word, quoted: random() < 0.3, line: 0 });
  } else if (out[at] !== undefined) {
    const text = out[at]!.text;
    const i = Math.floor(random() * (text.length + 1));
    const ch = String.fromCharCode(32 + Math.floor(random() * 95));
    out[at] = { ...out[at]!, text: text.slice(0, i) + ch + text.slice(i + 1) };
  }
  return out;
}

function mutate(rdata: Buffer, random: () => number): Buffer {
  const out = Buffer.from(rdata);
  const pick = random();
  if (pick < 0.4 && out.length > 0) {
    out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  }
  if (pick < 0.7) return out.subarray(0, Math.floor(random() * out.length));
  return Buffer.concat([out, Buffer.from([Math.floor(random() * 256)])]);
}

function checkOne(type: number, rdata: Buffer, origin?: Name): 'valid' | 'rejected' {
  let text: string;
  try {
    validateRdata(type, rdata);
    text = rdataToText(type, rdata, origin);
  } catch (err) {
    expect(err, `${typeToMnemonic(type)} ${rdata.toString('hex')}`).toBeInstanceOf(WireFormatError);
    return 'rejected';
  }
  const tokens = [...tokenize(text)].flatMap((entry) => entry.tokens);
  const reread = rdataFromText(type, tokens, origin ?? ROOT_NAME);
  if (origin === undefined) {
    expect(reread.toString('hex'), `${typeToMnemonic(type)} ${text}`).toBe(rdata.toString('hex'));
  } else {
    // Names match the origin case-insensitively, so `NS1.EXAMPLE.` prints as `NS1` and reads
    // back as `NS1.example.`: only the text is a fixed point.
    expect(rdataToText(type, reread, origin), `${typeToMnemonic(type)} ${text}`).toBe(text);
  }
  return 'valid';
}

describe('RDATA from untrusted octets', () => {
  it('rejects or round-trips random octets for every type with a codec', () => {
    const random = randomSource(1);
    for (const type of typesWithCodecs()) {
      for (let i = 0; i < 300; i++) {
        const length = Math.floor(random() * 40);
        const rdata = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
        checkOne(type, rdata);
      }
    }
  });

  it('rejects or round-trips mutations of valid RDATA', () => {
    const random = randomSource(2);
    const outcomes = { valid: 0, rejected: 0 };
    for (const { type, rdata } of samples()) {
      for (let i = 0; i < 200; i++) {
        outcomes[checkOne(type, mutate(rdata, random), i % 2 === 0 ? ORIGIN : undefined)]++;
      }
    }
    // Both outcomes must be common, or the mutations test nothing.
    expect(outcomes.valid).toBeGreaterThan(5000);
    expect(outcomes.rejected).toBeGreaterThan(5000);
  });

  it('rejects or round-trips mutations of valid text', () => {
    const random = randomSource(3);
    for (const { type, tokens } of samples()) {
      for (let i = 0; i < 200; i++) {
        const mutated = mutateTokens(tokens, random);
        let rdata: Buffer;
        try {
          rdata = rdataFromText(type, mutated, ORIGIN);
        } catch (err) {
          const shown = mutated.map((t) => t.text).join(' ');
          expect(err, `${typeToMnemonic(type)} ${shown}`).toBeInstanceOf(WireFormatError);
          continue;
        }
        expect(checkOne(type, rdata)).toBe('valid');
      }
    }
  });
});
