import type { FileBytes } from '../../browser.js';

/** Reports per read at most: the stream gives 64 KiB chunks, which would be thousands of messages. */
const REPORTS = 100;

/** Reads picked files into memory, reporting bytes read so that the page can show progress on a large file. */
export async function readFiles(files: readonly File[], report: (done: number, total: number) => void): Promise<FileBytes[]> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  let done = 0;
  let reported = 0;
  const read: FileBytes[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(file.size);
    const reader = file.stream().getReader();
    for (let offset = 0; ; ) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      bytes.set(value, offset);
      offset += value.length;
      done += value.length;
      if (done - reported >= total / REPORTS) {
        reported = done;
        report(done, total);
      }
    }
    read.push({ name: file.name, bytes });
  }
  return read;
}
