"""The demo app: adds the learning packs' units to the workbench's scenarios, and blocks' own catalogs."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"

    def ready(self):
        """Wrap the workbench's scenario loading: it clears the list first, so packs are added after it.
        And give each block its own catalogs through the ``i18n`` service, as the LMS does (demo/i18n.py)."""
        from workbench import scenarios as workbench_scenarios  # noqa: PLC0415  (apps are ready only here)
        from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415

        from demo import pack_scenarios  # noqa: PLC0415
        from demo.i18n import serve_block_catalogs  # noqa: PLC0415

        serve_block_catalogs(WorkbenchRuntime)

        load_block_scenarios = workbench_scenarios.init_scenarios

        def load_with_packs():
            load_block_scenarios()
            for name, description, xml in pack_scenarios.scenarios():
                workbench_scenarios.add_xml_scenario(name, description, xml)

        workbench_scenarios.init_scenarios = load_with_packs
