import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Utf8Stream, completeLength } from './utf8-stream.js';

/** Decodes `bytes` cut at the given offsets. */
function decodeCut(bytes: Buffer, cuts: number[]): string {
  const d = new Utf8Stream();
  let out = '';
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += d.write(bytes.subarray(at, cut));
    at = cut;
  }
  return out + d.end();
}

/** A small deterministic generator, so a failure names a seed that replays it. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function randomCuts(n: number, next: () => number): number[] {
  const cuts = new Set<number>();
  const count = Math.floor(next() * 6);
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(next() * Math.max(1, n - 1)));
  return [...cuts].filter((c) => c < n).sort((a, b) => a - b);
}

test('UTF-8 stream: text of 1- to 4-byte characters decodes whole wherever the bytes are cut', () => {
  const text = 'a é € 😀 z\u0000\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}';
  const bytes = Buffer.from(text);
  for (let cut = 0; cut <= bytes.length; cut++) assert.equal(decodeCut(bytes, [cut]), text, `cut at ${cut}`);
  const every = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
  assert.equal(decodeCut(bytes, every), text);
});

test('UTF-8 stream: random bytes, valid or not, decode as the whole buffer does (invalid → U+FFFD)', () => {
  const next = rng(20261203);
  // Bytes weighted toward lead and continuation bytes, where the edge cases are.
  const pool = [0x41, 0x80, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xff, 0x9f, 0xa9, 0x82, 0x0a];
  for (let round = 0; round < 3000; round++) {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]!));
    const cuts = randomCuts(bytes.length, next);
    assert.equal(decodeCut(bytes, cuts), bytes.toString('utf8'), `bytes ${bytes.toString('hex')} cut at ${cuts.join(',')}`);
  }
});

test('UTF-8 stream: a character cut at the end is held back, and given up as U+FFFD only at the end', () => {
  const d = new Utf8Stream();
  const euro = Buffer.from('€');
  assert.equal(d.write(Buffer.from([0x41, euro[0]!, euro[1]!])), 'A');
  assert.equal(d.end(), '\ufffd');
  assert.equal(d.end(), '', 'nothing is held after end');
});

test('UTF-8 stream: completeLength stops before an unfinished sequence only', () => {
  assert.equal(completeLength(Buffer.from([])), 0);
  assert.equal(completeLength(Buffer.from([0x41])), 1);
  assert.equal(completeLength(Buffer.from([0x41, 0xe2, 0x82])), 1, 'three-byte lead with one continuation');
  assert.equal(completeLength(Buffer.from([0xe2, 0x82, 0xac])), 3, 'a whole euro sign');
  assert.equal(completeLength(Buffer.from([0xf0, 0x9f, 0x98])), 0, 'four-byte lead with two continuations');
  assert.equal(completeLength(Buffer.from([0x41, 0x80])), 2, 'a stray continuation byte is decoded now, as U+FFFD');
  assert.equal(completeLength(Buffer.from([0x41, 0xff])), 2, 'not a lead byte');
  assert.equal(completeLength(Buffer.from([0x80, 0x80, 0x80, 0x80])), 4);
});

test('UTF-8 stream: accepts a plain Uint8Array, not only a Buffer', () => {
  const d = new Utf8Stream();
  assert.equal(d.write(new Uint8Array([0x68, 0x69, 0xc3])), 'hi');
  assert.equal(d.write(new Uint8Array([0xa9])), 'é');
});
