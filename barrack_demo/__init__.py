"""The main job: start the embedded emulator and drive it with the client, Ansible and Pulumi."""
