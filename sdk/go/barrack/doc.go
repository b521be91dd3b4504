// Manage Barrack GPU cloud instances, volumes, firewalls, SSH keys, startup scripts, snapshots and custom images.
package barrack
