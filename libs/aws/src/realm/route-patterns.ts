/** Event patterns of the realm rules (which service each event goes to). */

/** Dispatch requests from the CLI, the scheduler, external systems and job actions. */
export const DISPATCH_PATTERN = { 'detail-type': ['Dispatch Requested'] };

/** Every Lava event (sources are `lava.<service>`), for the audit logger. */
export const AUDIT_PATTERN = { source: [{ prefix: 'lava.' }] };

/**
 * S3 object events on the account's default bus. Not filtered by bucket: any bucket with
 * EventBridge notifications on may hold trigger prefixes; the s3triggers table decides.
 */
export const S3_EVENTS_PATTERN = { source: ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'] };
