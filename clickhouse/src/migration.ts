// One migration file as loaded: its version and name from the file name, a checksum of its text, and
// its statements. A module of its own so that the cluster renderer and the runner share it without
// importing each other.
export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}
