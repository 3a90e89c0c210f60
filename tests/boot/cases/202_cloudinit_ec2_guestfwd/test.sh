# SUMMARY: an EC2-style metadata service (IMDSv2 only) on 127.0.0.1, reached from the guest through QEMU user networking with restrict=on and a guestfwd → hostname, SSH key, write_files and runcmd from it, resize_device from the root disk
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=240
# The service runs on the host for the length of this run (it exits when run-case.sh does); the guest reaches
# it as http://10.0.2.100/ through a guestfwd whose per-connection command bridges to 127.0.0.1.
ec2_case_dir=$case_dir
python3 "$ec2_case_dir/ec2-server.py" "$WORKDIR/ec2.port" 2>"$WORKDIR/ec2-server.log" &
for _ in $(seq 50); do [ -s "$WORKDIR/ec2.port" ] && break; sleep 0.1; done
EC2_PORT=$(cat "$WORKDIR/ec2.port")
GUESTFWD="tcp:10.0.2.100:80-cmd:$ec2_case_dir/stdio-bridge.sh%20$EC2_PORT"
