/** Unique names in one ONNX graph, where values, initializers and nodes each need their own. */
export class NameScope {
  private readonly used = new Set<string>();

  /** `base`, or `base_1`, `base_2`, ... when taken. */
  unique(base: string): string {
    let name = base;
    for (let n = 1; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}
