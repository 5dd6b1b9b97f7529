// Where a CPU profile (.cpuprofile, from node --cpu-prof) spent its time in a
// window: self time by package (Rail's libraries by name, Node's internals by
// module) and the hottest functions, as shares of the busy time.
import { readFileSync } from 'node:fs';

const packageOf = (url) => {
  if (!url) return 'native (GC, system calls, V8)';
  const dependency = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  const library = url.match(/\/libs\/([^/]+)\//);
  if (library) return `@rail/${library[1]}`;
  if (url.startsWith('node:')) return url;
  return url.split('/').slice(-2).join('/');
};

/** Self time per package and per function between `fromMs` and `toMs` (since the profile's start). */
export function summarizeProfile(file, { fromMs = 0, toMs = Infinity, top = 15 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map();
  const byFunction = new Map();
  let elapsed = 0;
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsed += delta;
    const at = elapsed / 1000;
    if (at < fromMs || at > toMs) return;
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') return;
    busy += delta;
    const where = packageOf(url);
    byPackage.set(where, (byPackage.get(where) ?? 0) + delta);
    const name = url
      ? `${functionName || '(anonymous)'} (${where}:${lineNumber + 1})`
      : `${functionName} (native)`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const shares = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => ({ name, share: busy === 0 ? 0 : time / busy }));
  return { busyMs: busy / 1000, packages: shares(byPackage), functions: shares(byFunction) };
}

/** The summary as Markdown lists. */
export function profileMarkdown(summary) {
  const list = (items) => items.map(({ name, share }) => `- ${(share * 100).toFixed(1)}% ${name}`).join('\n');
  return `Busy ${Math.round(summary.busyMs)} ms of CPU in the window.\n\nBy package (self time):\n\n${list(summary.packages)}\n\nHottest functions (self time):\n\n${list(summary.functions)}`;
}
