"""The demo app: adds the learning packs' units to the workbench's scenarios."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"

    def ready(self):
        """Wrap the workbench's scenario loading: it clears the list first, so packs are added after it."""
        from workbench import scenarios as workbench_scenarios  # noqa: PLC0415  (apps are ready only here)

        from demo import pack_scenarios  # noqa: PLC0415

        load_block_scenarios = workbench_scenarios.init_scenarios

        def load_with_packs():
            load_block_scenarios()
            for name, description, xml in pack_scenarios.scenarios():
                workbench_scenarios.add_xml_scenario(name, description, xml)

        workbench_scenarios.init_scenarios = load_with_packs
