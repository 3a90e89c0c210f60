# SUMMARY: the real init with a NoCloud cidata ISO (no datasource configured: found by label) runs cloud-init-save before the config reload, bootcmd after it and cloud-init-execute once the services are up: hostname, rancher's SSH key (0600 in 0700 .ssh), write_files with their modes, bootcmd, runcmd
BOOT=kernel
FIRMWARE=bios
APPEND=""
TIMEOUT=600
STOP_ON='Starting the recovery console|Kernel panic'
