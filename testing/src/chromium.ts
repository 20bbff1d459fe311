// The one place the browser tests and benchmarks find a Chromium, without apt and without a download:
// Debian's /usr/bin/chromium when it is installed, else the headless build packed inside the
// @sparticuz/chromium devDependency, unpacked once per machine (with the NSS libraries and fonts it
// ships, so it needs nothing from the system but glibc).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
/** PROMPTMETRICS_CHROMIUM's value that skips Debian's browser and uses the packed one. */
export const BUNDLED = "bundled";

export interface ChromiumLaunch {
  /** Where the browser came from, for messages and reports. */
  source: "PROMPTMETRICS_CHROMIUM" | "debian" | "@sparticuz/chromium";
  executablePath: string;
  /** Flags for a headless run in a container or CI: no sandbox (root), no GPU, no small /dev/shm. */
  args: string[];
  /** The browser process's whole environment, when it needs more than the caller's (Playwright's `env`). */
  env?: Record<string, string>;
}

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

/**
 * PROMPTMETRICS_CHROMIUM=<path> names the browser; PROMPTMETRICS_CHROMIUM=bundled uses the packed one
 * even where Debian's is installed (to test that path). Otherwise Debian's, else the packed one.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLaunch {
  const chosen = env["PROMPTMETRICS_CHROMIUM"];
  if (chosen !== undefined && chosen !== "" && chosen !== BUNDLED) {
    if (!fs.existsSync(chosen)) throw new Error(`PROMPTMETRICS_CHROMIUM=${chosen}: no such file.`);
    return { source: "PROMPTMETRICS_CHROMIUM", executablePath: chosen, args: ARGS };
  }
  if (chosen !== BUNDLED && fs.existsSync(DEBIAN_CHROMIUM)) return { source: "debian", executablePath: DEBIAN_CHROMIUM, args: ARGS };
  return bundledChromium(env);
}

function bundledChromium(env: NodeJS.ProcessEnv): ChromiumLaunch {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve("@sparticuz/chromium"));
  } catch (error) {
    throw new Error(`No Chromium: ${DEBIAN_CHROMIUM} is missing and @sparticuz/chromium is not installed (run npm install).`, {
      cause: error,
    });
  }
  const packageDir = path.resolve(path.dirname(entry), "..");
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const dir = unpackOnce(entry, packageDir, path.join(os.tmpdir(), `promptmetrics-chromium-${version}`));
  return {
    source: "@sparticuz/chromium",
    executablePath: path.join(dir, "chromium"),
    args: ARGS,
    // The packed NSS (built for Amazon Linux, glibc-compatible with Debian) and fonts, so a machine
    // without Debian's chromium package still starts it and draws text.
    env: { ...definedOnly(env), LD_LIBRARY_PATH: path.join(dir, "al2023", "lib"), FONTCONFIG_FILE: path.join(dir, "fonts.conf") },
  };
}

/**
 * The package unpacks into os.tmpdir() itself and reuses whatever it finds there, a half-written file
 * included; so it unpacks here in a child process whose TMPDIR is a fresh directory, which is then
 * renamed into place in one step. Two processes racing both unpack; the second rename loses and is dropped.
 */
function unpackOnce(entry: string, packageDir: string, dir: string): string {
  if (fs.existsSync(path.join(dir, "chromium"))) return dir;
  const staging = fs.mkdtempSync(`${dir}-unpacking-`);
  try {
    const script = [
      `const { default: Chromium, inflate } = await import(${JSON.stringify(pathToFileURL(entry).href)});`,
      "await Chromium.executablePath();",
      `await inflate(${JSON.stringify(path.join(packageDir, "bin", "al2023.tar.br"))});`,
    ].join("\n");
    execFileSync(process.execPath, ["--input-type=module", "--eval", script], {
      env: { ...process.env, TMPDIR: staging },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // The package's own fonts.conf names Lambda's folders (/tmp/fonts, /var/task); without a font
    // Chromium aborts in Skia as soon as a page asks for one. Ours names the fonts unpacked here.
    fs.writeFileSync(path.join(staging, "fonts.conf"), fontsConf(dir));
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== "ENOTEMPTY" && code !== "EEXIST") || !fs.existsSync(path.join(dir, "chromium"))) throw error;
  }
  return dir;
}

function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    `  <dir>${path.join(dir, "fonts", "fonts")}</dir>`,
    `  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>`,
    "</fontconfig>",
    "",
  ].join("\n");
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
