/**
 * The sg_io_hdr field table against the compiler: gcc's offsetof/sizeof on glibc's
 * <scsi/sg.h>, and the ioctl and flag constants from the system headers.
 */

import assert from "node:assert/strict";
import { cConstants } from "../../_helpers/c_layout.ts";
import { OpenFlag, SgIoctl } from "../../../ffi/linux/libc.ts";
import { sgIoHdrLayout } from "../../../ffi/linux/sg_io_hdr.ts";

const C_NAMES: Record<string, string> = {
  interfaceId: "interface_id",
  dxferDirection: "dxfer_direction",
  cmdLen: "cmd_len",
  mxSbLen: "mx_sb_len",
  iovecCount: "iovec_count",
  dxferLen: "dxfer_len",
  dxferp: "dxferp",
  cmdp: "cmdp",
  sbp: "sbp",
  timeout: "timeout",
  flags: "flags",
  packId: "pack_id",
  usrPtr: "usr_ptr",
  status: "status",
  maskedStatus: "masked_status",
  msgStatus: "msg_status",
  sbLenWr: "sb_len_wr",
  hostStatus: "host_status",
  driverStatus: "driver_status",
  resid: "resid",
  duration: "duration",
  info: "info",
};

Deno.test({
  name: "sgIoHdrLayout() matches gcc's offsetof/sizeof on <scsi/sg.h> for this machine",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const layout = sgIoHdrLayout(Deno.build.arch);
    const fields = Object.entries(layout.fields);
    const exprs = [
      "sizeof(struct sg_io_hdr)",
      ...fields.flatMap(([k]) => [
        `offsetof(struct sg_io_hdr, ${C_NAMES[k]})`,
        `sizeof(((struct sg_io_hdr *)0)->${C_NAMES[k]})`,
      ]),
    ];
    const got = await cConstants("gcc", "#include <stddef.h>\n#include <scsi/sg.h>", exprs);
    assert.equal(got[0], layout.size);
    fields.forEach(([k, f], i) => {
      assert.deepEqual([k, got[1 + 2 * i], got[2 + 2 * i]], [k, f.offset, f.size]);
    });
  },
});

Deno.test({
  name: "SgIoctl and OpenFlag equal the system headers' SG_IO, SG_GET_VERSION_NUM and O_* values",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const got = await cConstants(
      "gcc",
      "#define _GNU_SOURCE\n#include <fcntl.h>\n#include <scsi/sg.h>",
      ["SG_IO", "SG_GET_VERSION_NUM", "O_RDONLY", "O_RDWR", "O_EXCL", "O_NONBLOCK", "O_CLOEXEC"],
    );
    assert.deepEqual(got, [
      Number(SgIoctl.SG_IO),
      Number(SgIoctl.SG_GET_VERSION_NUM),
      OpenFlag.readOnly,
      OpenFlag.readWrite,
      OpenFlag.exclusive,
      OpenFlag.nonBlock,
      OpenFlag.closeOnExec,
    ]);
  },
});
