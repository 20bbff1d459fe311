// Bounds that keep a hostile request from costing more than its size in either encoding.

/** How deep arrays and kvlists may nest inside one AnyValue; real payloads stay in single digits. */
export const MAX_ANY_VALUE_DEPTH = 32;
