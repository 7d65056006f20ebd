/** `\x89HDF\r\n\x1a\n`: the first bytes of every HDF5 superblock. */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads `length` bytes at `offset`; fewer when the file ends first. */
export type ReadAt = (offset: number, length: number) => Uint8Array;

function hasHdf5Signature(bytes: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Whether a file is HDF5 at all. The superblock sits at offset 0 or, after a user block, at 512,
 * 1024, 2048, ... (https://docs.hdfgroup.org/hdf5/develop/_f_m_t3.html#Superblock).
 */
export function findsHdf5Signature(readAt: ReadAt, fileSize: number): boolean {
  for (let offset = 0; offset + HDF5_SIGNATURE.length <= fileSize; offset = offset === 0 ? 512 : offset * 2) {
    if (hasHdf5Signature(readAt(offset, HDF5_SIGNATURE.length))) return true;
  }
  return false;
}
