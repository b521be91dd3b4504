"""``python -m pulumi_barrack.native``: the plugin (the same as the ``pulumi-resource-barrack`` console script)."""

from pulumi_barrack.native.server import main

main()
