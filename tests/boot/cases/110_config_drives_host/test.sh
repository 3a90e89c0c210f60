# SUMMARY: the real init obeys its cloud-config: eth0 by DHCP and eth1 static with its gateway and MTU (kernel names), the user's DNS in /etc/resolv.conf for host and services, 127.0.1.1 <hostname> in /etc/hosts, a configured user with a password in the console, rancher locked, sshd without passwords or root, chrony on the configured server, a logger line from the console in /var/log/syslog, every system service up 30 s with no restart
# LABELS: ci config
BOOT=kernel
FIRMWARE=bios
APPEND=""
NICS=2
TIMEOUT=900
