const urls = new WeakMap<HTMLAnchorElement, string>();

/** Points a download link at new content, freeing what it pointed at before. */
export function offerDownload(link: HTMLAnchorElement, content: Uint8Array | string, fileName: string, type: string): void {
  const previous = urls.get(link);
  if (previous !== undefined) URL.revokeObjectURL(previous);
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  urls.set(link, url);
  link.href = url;
  link.download = fileName;
  link.hidden = false;
}

/** Byte sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export const formatMs = (ms: number) => (ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);
