// A small reader of our Dockerfile: its stages and each stage's instructions, enough for the tests to
// check the image's shape and to replay its runtime stage without Docker.
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Map<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  const logicalLines = text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  for (const line of logicalLines) {
    const [, keyword = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const [, image = "", name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ from: image.replace(/\$\{(\w+)\}/g, (_, key: string) => args.get(key) ?? ""), name, instructions: [] });
    } else if (upper === "ARG" && stages.length === 0) {
      const [key = "", value = ""] = rest.split("=", 2);
      args.set(key, value);
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push({ keyword: upper, args: rest.replace(/\s+/g, " ") });
    }
  }
  return { args, stages };
}

/** COPY --from=<stage> src... dest, split into its parts. */
export function copyParts(args: string): { from: string | undefined; sources: string[]; destination: string } {
  const words = args.split(" ");
  const from = words[0]?.startsWith("--from=") ? words.shift()!.slice("--from=".length) : undefined;
  const destination = words.pop() ?? "";
  return { from, sources: words, destination };
}
