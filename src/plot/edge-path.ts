import type { Point } from './layout.js';
import { svgNumber as num } from './svg-values.js';

const ARROW_LENGTH = 10;
const ARROW_HALF_WIDTH = 5;

const xy = (p: Point) => `${num(p.x)},${num(p.y)}`;

/**
 * A smooth path through dagre's edge points (the uniform B-spline of d3's `curveBasis`, which
 * dagre-d3 draws with), stopping short of the last point where the arrowhead begins.
 */
export function edgePath(points: readonly Point[]): { line: string; arrow: string } {
  const tip = points[points.length - 1]!;
  const before = points[points.length - 2] ?? tip;
  const length = Math.hypot(tip.x - before.x, tip.y - before.y) || 1;
  const dx = (tip.x - before.x) / length;
  const dy = (tip.y - before.y) / length;
  const base = { x: tip.x - dx * ARROW_LENGTH, y: tip.y - dy * ARROW_LENGTH };
  const arrow = [tip, { x: base.x - dy * ARROW_HALF_WIDTH, y: base.y + dx * ARROW_HALF_WIDTH }, { x: base.x + dy * ARROW_HALF_WIDTH, y: base.y - dx * ARROW_HALF_WIDTH }];
  return { line: basisCurve([...points.slice(0, -1), base]), arrow: `M${arrow.map(xy).join('L')}Z` };
}

function basisCurve(points: readonly Point[]): string {
  if (points.length < 3) return `M${points.map(xy).join('L')}`;
  const [p0, p1] = points as [Point, Point];
  let d = `M${xy(p0)}L${xy({ x: (5 * p0.x + p1.x) / 6, y: (5 * p0.y + p1.y) / 6 })}`;
  for (let i = 2; i <= points.length; i++) {
    const a = points[i - 2]!;
    const b = points[i - 1]!;
    const c = points[i] ?? b;
    d += `C${xy({ x: (2 * a.x + b.x) / 3, y: (2 * a.y + b.y) / 3 })} ${xy({ x: (a.x + 2 * b.x) / 3, y: (a.y + 2 * b.y) / 3 })} ${xy({ x: (a.x + 4 * b.x + c.x) / 6, y: (a.y + 4 * b.y + c.y) / 6 })}`;
  }
  return `${d}L${xy(points[points.length - 1]!)}`;
}
