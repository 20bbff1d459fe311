// embeddings.create: the model, the encoding format and the input tokens the response reports.
import type { Attributes } from "@opentelemetry/api";
import { embeddingsInputHash } from "@promptmetrics/pricing/evidence";
import type { OperationAdapter } from "../adapter.ts";
import type { CallOutcome } from "../call-outcome.ts";
import { asString, isObject } from "../internal-types.ts";
import { count, readModel, setStringList } from "../request-attributes.ts";
import * as attr from "../semconv.ts";

export const embeddingsAdapter: OperationAdapter = {
  operation: "embeddings",
  family: "openai",
  requestModel: readModel,
  isStream: () => false,

  requestAttributes(body): Attributes {
    const attributes: Attributes = {};
    // openai v4.5x+ asks for base64 itself when the caller chose nothing; record what the caller asked.
    setStringList(attributes, attr.ATTR_GEN_AI_REQUEST_ENCODING_FORMATS, body["encoding_format"] ?? "float");
    return attributes;
  },

  /** Embeddings have no prefix to cache: only the input hash. */
  requestEvidence: (body) => ({ inputHash: embeddingsInputHash(body), prefixHash: "", prefixTokensEstimate: 0 }),

  readResult(data): CallOutcome {
    if (!isObject(data)) return { finishReasons: [], outputMessages: [] };
    const usage = isObject(data["usage"]) ? data["usage"] : undefined;
    const responseModel = asString(data["model"]);
    return {
      ...(responseModel === undefined ? {} : { responseModel }),
      ...(usage === undefined
        ? {}
        : {
            usage: {
              inputTokens: count(usage["prompt_tokens"]),
              outputTokens: 0,
              cacheReadTokens: 0,
              cacheWriteTokens: 0,
              cacheWrite1hTokens: 0,
              cacheWrite12hTokens: 0,
              reasoningTokens: 0,
              estimated: false,
            },
          }),
      finishReasons: [],
      outputMessages: [],
    };
  },
};
