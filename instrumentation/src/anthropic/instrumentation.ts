// Instruments @anthropic-ai/sdk: messages.create and beta.messages.create, which the
// messages.stream() helpers call in turn.
import { InstrumentationNodeModuleDefinition } from "@opentelemetry/instrumentation";
import { exportedClass, PromptMetricsInstrumentation, staticPrototype } from "../base-instrumentation.ts";
import type { PromptMetricsInstrumentationConfig } from "../types.ts";
import { SUPPORTED_VERSIONS } from "../version.ts";
import { messagesAdapter } from "./messages.ts";
import { replaceSdkSpans, turnOffClientSpans } from "./sdk-spans.ts";

export const ANTHROPIC_SCOPE = "@promptmetrics/instrumentation/anthropic";

interface AnthropicClientShape {
  messages?: { create?: unknown };
  beta?: { messages?: { create?: unknown }; tools?: { messages?: { create?: unknown } } };
}

/** The Anthropic classes patched, and whether they still are (module state: see callRuntime). */
const patchedClasses = new WeakMap<object, { patched: boolean }>();

export class AnthropicInstrumentation extends PromptMetricsInstrumentation {
  constructor(config: PromptMetricsInstrumentationConfig = {}) {
    super(ANTHROPIC_SCOPE, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        "@anthropic-ai/sdk",
        [SUPPORTED_VERSIONS["@anthropic-ai/sdk"]],
        (moduleExports) => {
          this.patchModule(moduleExports);
          return moduleExports;
        },
        (moduleExports) => {
          this.unpatchModule(moduleExports);
        },
      ),
    ];
  }

  /** Patches the resource prototypes of a loaded `@anthropic-ai/sdk` module. Returns how many methods it wrapped. */
  patchModule(moduleExports: unknown): number {
    const Anthropic = exportedClass(moduleExports, "Anthropic");
    if (Anthropic !== undefined) {
      const state = { patched: true };
      patchedClasses.set(Anthropic, state);
      replaceSdkSpans(Anthropic, () => state.patched && this.settledConfig().anthropicSdkSpans === "replace");
    }
    let wrapped = 0;
    if (this.wrapCreate(staticPrototype(Anthropic, "Messages"), messagesAdapter)) wrapped++;
    if (this.wrapCreate(staticPrototype(Anthropic, "Beta", "Messages"), messagesAdapter)) wrapped++;
    // 0.2x: the tool-use beta lived at beta.tools.messages.
    if (this.wrapCreate(staticPrototype(Anthropic, "Beta", "Tools", "Messages"), messagesAdapter)) wrapped++;
    return wrapped;
  }

  unpatchModule(moduleExports: unknown): void {
    const Anthropic = exportedClass(moduleExports, "Anthropic");
    const state = Anthropic === undefined ? undefined : patchedClasses.get(Anthropic);
    if (state !== undefined) state.patched = false;
    this.unwrapCreate(staticPrototype(Anthropic, "Messages"));
    this.unwrapCreate(staticPrototype(Anthropic, "Beta", "Messages"));
    this.unwrapCreate(staticPrototype(Anthropic, "Beta", "Tools", "Messages"));
  }

  /** Instruments one Anthropic client instance. Returns how many methods it wrapped. */
  instrumentClient(client: unknown): number {
    const shape = client as AnthropicClientShape;
    if (this.settledConfig().anthropicSdkSpans === "replace") turnOffClientSpans(client);
    let wrapped = 0;
    if (this.wrapCreate(shape.messages, messagesAdapter)) wrapped++;
    if (this.wrapCreate(shape.beta?.messages, messagesAdapter)) wrapped++;
    if (this.wrapCreate(shape.beta?.tools?.messages, messagesAdapter)) wrapped++;
    return wrapped;
  }
}
