// Pieces the response schemas share.
import { z } from "zod";

/** An ISO 8601 timestamp: UTC ("…Z") for instants, with the zone's offset for the start of a bucket. */
export const Timestamp = z.iso.datetime({ offset: true });

/** Who may do what, lowest first. */
export const Role = z
  .enum(["viewer", "member", "admin", "owner"])
  .meta({ id: "Role", description: "A member's role in an org; each role may do everything the ones before it may." });
