# SUMMARY: rancher.recovery=true brings up the recovery console (a root shell on the system console) showing why, instead of booting on
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.recovery=true"
TIMEOUT=300
STOP_ON='\[recovery\] #'
