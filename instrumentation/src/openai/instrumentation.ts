// Instruments the openai package: chat.completions, responses and embeddings `create`, which the
// SDK's helpers (.parse, .stream, runTools, responses.stream) call in turn.
import { InstrumentationNodeModuleDefinition } from "@opentelemetry/instrumentation";
import { exportedClass, PromptMetricsInstrumentation, staticPrototype } from "../base-instrumentation.ts";
import type { PromptMetricsInstrumentationConfig } from "../types.ts";
import { SUPPORTED_VERSIONS } from "../version.ts";
import { chatCompletionsAdapter } from "./chat-completions.ts";
import { embeddingsAdapter } from "./embeddings.ts";
import { responsesAdapter } from "./responses.ts";

export const OPENAI_SCOPE = "@promptmetrics/instrumentation/openai";

interface OpenAIClientShape {
  chat?: { completions?: { create?: unknown } };
  responses?: { create?: unknown };
  embeddings?: { create?: unknown };
}

export class OpenAIInstrumentation extends PromptMetricsInstrumentation {
  constructor(config: PromptMetricsInstrumentationConfig = {}) {
    super(OPENAI_SCOPE, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        "openai",
        [SUPPORTED_VERSIONS.openai],
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

  /** Patches the resource prototypes of a loaded `openai` module. Returns how many methods it wrapped. */
  patchModule(moduleExports: unknown): number {
    const OpenAI = exportedClass(moduleExports, "OpenAI");
    let wrapped = 0;
    if (this.wrapCreate(staticPrototype(OpenAI, "Chat", "Completions"), chatCompletionsAdapter)) wrapped++;
    if (this.wrapCreate(staticPrototype(OpenAI, "Responses"), responsesAdapter)) wrapped++;
    if (this.wrapCreate(staticPrototype(OpenAI, "Embeddings"), embeddingsAdapter)) wrapped++;
    return wrapped;
  }

  unpatchModule(moduleExports: unknown): void {
    const OpenAI = exportedClass(moduleExports, "OpenAI");
    this.unwrapCreate(staticPrototype(OpenAI, "Chat", "Completions"));
    this.unwrapCreate(staticPrototype(OpenAI, "Responses"));
    this.unwrapCreate(staticPrototype(OpenAI, "Embeddings"));
  }

  /** Instruments one OpenAI (or AzureOpenAI) client instance. Returns how many methods it wrapped. */
  instrumentClient(client: unknown): number {
    const shape = client as OpenAIClientShape;
    let wrapped = 0;
    if (this.wrapCreate(shape.chat?.completions, chatCompletionsAdapter)) wrapped++;
    if (this.wrapCreate(shape.responses, responsesAdapter)) wrapped++;
    if (this.wrapCreate(shape.embeddings, embeddingsAdapter)) wrapped++;
    return wrapped;
  }
}
