import type { H5File } from './h5/h5-file.js';

/**
 * The H5 files an import reads weights from: each closed once its weights are read, or, for an import
 * that leaves weights in their files (`lazyWeights`), kept open until `closeAll()`.
 */
export class WeightFiles {
  private readonly kept: H5File[] = [];

  constructor(readonly readLater: boolean) {}

  async use<T>(file: H5File, read: (file: H5File) => T | Promise<T>): Promise<T> {
    if (this.readLater) {
      this.kept.push(file);
      return read(file);
    }
    try {
      return await read(file);
    } finally {
      file.close();
    }
  }

  closeAll(): void {
    for (const file of this.kept.splice(0)) file.close();
  }
}
