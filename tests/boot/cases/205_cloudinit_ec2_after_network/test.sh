# SUMMARY: the real init with an ec2 datasource (IMDSv2 service on 127.0.0.1 through a guestfwd, as case 202): the early cloud-init-save finds no network and nothing, so after the network service the init probes again and cloud-init-execute applies hostname, key, write_files and runcmd from it
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.cloud_init.datasources=[ec2:http://10.0.2.100/]"
TIMEOUT=600
STOP_ON='Starting the recovery console|Kernel panic'
# The EC2-style service and the per-connection bridge are case 202's; see its test.sh.
ec2_case_dir=$(cd "$case_dir/../202_cloudinit_ec2_guestfwd" && pwd)
python3 "$ec2_case_dir/ec2-server.py" "$WORKDIR/ec2.port" 2>"$WORKDIR/ec2-server.log" &
for _ in $(seq 50); do [ -s "$WORKDIR/ec2.port" ] && break; sleep 0.1; done
EC2_PORT=$(cat "$WORKDIR/ec2.port")
GUESTFWD="tcp:10.0.2.100:80-cmd:$ec2_case_dir/stdio-bridge.sh%20$EC2_PORT"
