// Compile-time checks that a response schema describes what a router sends: the server's own answer
// type, as JSON.stringify writes it, and the schema's output type must each be assignable to the other.
// So a field added, removed or retyped on either side fails `tsc` until both agree.

/** T as it arrives in JSON: a Date is sent as its ISO string. */
export type JsonOf<T> = T extends Date ? string : T extends object ? { [K in keyof T]: JsonOf<T[K]> } : T;

export type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type Expect<T extends true> = T;
