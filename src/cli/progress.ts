/** Where a progress bar is drawn: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** Starts the named stage; the bar shows the stages before it as done. */
  stage(name: string): void;
  /** Clears the bar, so that whatever is printed next starts on a clean line. */
  end(): void;
}

const WIDTH = 24;

/** A one-line bar over fixed stages, redrawn in place; nothing at all unless the stream is a terminal (logs and pipes want no control characters). */
export function progressBar(stream: ProgressStream, stages: readonly string[]): Progress {
  if (!stream.isTTY) return { stage: () => {}, end: () => {} };
  return {
    stage(name) {
      const index = stages.indexOf(name);
      const filled = Math.round((WIDTH * index) / stages.length);
      stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${index + 1}/${stages.length} ${name}`);
    },
    end: () => stream.write('\r\x1b[K'),
  };
}
