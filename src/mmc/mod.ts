/**
 * kiln's MMC layer: one builder and parser per MMC command (CDBs and payloads, from field
 * tables with their clauses), sense decoding with categories and a retry policy, profiles
 * and features, and {@linkcode MmcDrive}, which sends commands through a `Transport`.
 * Pure bytes except `MmcDrive`, which does I/O only through the transport it is given.
 *
 * @module
 */

export * from "./transport.ts";
export * from "./drive.ts";
export * from "./drive_probes.ts";
export * from "./command_runner.ts";
export * from "./sense.ts";
export * from "./sense_category.ts";
export * from "./sense_data.ts";
export * from "./errors.ts";
export * from "./command.ts";
export * from "./command_set.ts";
export * from "./payload.ts";
export * from "./msf.ts";
export * from "./profiles.ts";
export * from "./features.ts";
export * from "./mode_parameters.ts";
export * from "./write_parameters_page.ts";
export * from "./capabilities_page.ts";
export * from "./commands/test_unit_ready.ts";
export * from "./commands/request_sense.ts";
export * from "./commands/inquiry.ts";
export * from "./commands/get_configuration.ts";
export * from "./commands/mode_sense10.ts";
export * from "./commands/mode_select10.ts";
export * from "./commands/read_capacity.ts";
export * from "./commands/read_disc_information.ts";
export * from "./commands/read_track_information.ts";
export * from "./commands/read_toc.ts";
export * from "./commands/read_toc_full.ts";
export * from "./commands/read10.ts";
export * from "./commands/read12.ts";
export * from "./commands/write10.ts";
export * from "./commands/write12.ts";
export * from "./commands/synchronize_cache.ts";
export * from "./commands/close_track_session.ts";
export * from "./commands/reserve_track.ts";
export * from "./commands/blank.ts";
export * from "./commands/set_cd_speed.ts";
export * from "./commands/start_stop_unit.ts";
export * from "./commands/prevent_allow_medium_removal.ts";
export * from "./commands/format_unit.ts";
export * from "./commands/read_format_capacities.ts";
export * from "./commands/get_performance.ts";
export * from "./commands/set_streaming.ts";
export * from "./commands/get_event_status_notification.ts";
export * from "./commands/read_disc_structure.ts";
export * from "./commands/read_buffer_capacity.ts";
export * from "./commands/send_cue_sheet.ts";
export * from "./commands/send_opc_information.ts";
export type {
  FieldSpec,
  FieldTable,
  FieldType,
  FieldValue,
  FieldValues,
  ValueOfField,
  ValueOfType,
} from "../records/field_table.ts";
export type { MediaClass } from "../model/media_defaults.ts";
