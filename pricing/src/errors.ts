// The one error type the pricing package throws: bad catalogue data, bad overrides or config, bad usage input.
// `code` says which, `field` names the offending field so callers can report it without parsing the message.

export type PricingErrorCode =
  | "invalid_catalogue"
  | "invalid_override"
  | "invalid_config"
  | "invalid_usage"
  | "invalid_request"
  | "invalid_synced_price"
  | "invalid_price_list";

export interface PricingErrorDetails {
  field?: string;
  model?: string;
}

export class PricingError extends Error {
  readonly code: PricingErrorCode;
  readonly field: string | undefined;
  readonly model: string | undefined;

  constructor(code: PricingErrorCode, message: string, details: PricingErrorDetails = {}) {
    super(message);
    this.name = "PricingError";
    this.code = code;
    this.field = details.field;
    this.model = details.model;
  }
}
