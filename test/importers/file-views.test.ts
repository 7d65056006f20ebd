// A byte range of a file seen as a file of its own through h5wasm's file system, as libhdf5 and our readers
// use it: positioned and sequential reads, seeks from each end, sizes, and nothing past the range.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { canViewFiles, viewFile } from '../../src/importers/h5/file-views.js';
import { loadH5Runtime } from '../../src/importers/h5/h5wasm-module.js';

const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-views-'));
afterAll(() => rmSync(scratch, { recursive: true }));

test('a registered path opens as its range of the outer file, and as nothing once released', async () => {
  const module = await loadH5Runtime();
  expect(canViewFiles(module)).toBe(true);
  const outer = join(scratch, 'outer.bin');
  writeFileSync(outer, Uint8Array.from({ length: 100 }, (_, i) => i));
  const virtual = join(outer, 'inner.bin');
  const release = viewFile(module, virtual, { path: outer, start: 30, length: 40 });
  const { FS } = module;
  expect(FS.stat(virtual).size).toBe(40);
  const stream = FS.open(virtual, 'r');
  try {
    const buffer = new Uint8Array(16);
    expect(FS.read(stream, buffer, 0, 4, 0)).toBe(4);
    expect([...buffer.subarray(0, 4)]).toEqual([30, 31, 32, 33]);
    // Sequential reads start at the range's start and move on.
    expect(FS.read(stream, buffer, 0, 3)).toBe(3);
    expect(FS.read(stream, buffer, 3, 3)).toBe(3);
    expect([...buffer.subarray(0, 6)]).toEqual([30, 31, 32, 33, 34, 35]);
    // Seeks are relative to the range: its end is the outer file's byte 70.
    expect(FS.llseek(stream, -2, 2)).toBe(38);
    expect(FS.read(stream, buffer, 0, 16)).toBe(2);
    expect([...buffer.subarray(0, 2)]).toEqual([68, 69]);
    expect(FS.read(stream, buffer, 0, 16, 45)).toBe(0);
    expect(FS.llseek(stream, 5, 0)).toBe(5);
    expect(FS.llseek(stream, 5, 1)).toBe(10);
    expect(() => FS.llseek(stream, -1, 0)).toThrow();
    // libhdf5 learns a file's size from fstat on its descriptor.
    const fstat = (FS as unknown as { fstat(fd: number): { size: number } }).fstat;
    expect(fstat((stream as unknown as { fd: number }).fd).size).toBe(40);
  } finally {
    FS.close(stream);
  }
  release();
  expect(() => FS.stat(virtual)).toThrow();
  // The outer file itself is untouched by the view.
  expect(FS.stat(outer).size).toBe(100);
});
