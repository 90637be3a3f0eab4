#!/bin/busybox sh
# PID 1 of kiln's test guest: mount the kernel file systems, then run the job the host
# put in /kiln/job.sh (module loads and Deno runs, output to the second serial port),
# then power off. QEMU exits when the guest powers off.
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
export HOME=/tmp DENO_DIR=/tmp/deno NO_COLOR=1
cd /kiln
sh /kiln/job.sh > /dev/ttyS1 2>&1
echo "KILN-GUEST-DONE rc=$?" > /dev/ttyS1
sync
poweroff -f
