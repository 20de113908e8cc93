"""A TEST-ONLY stand-in for Pulumi's Python language host (started by pulumi-language-python).

Users never run this: the Pulumi CLI they install ships the upstream host. The CLI built here from
the Go module proxy has none (the proxy does not serve the upstream host's module), so the project's
tests run Python programs through this one. It serves the language server that the `pulumi` Python
package ships for the Automation API's inline programs (pulumi.automation._server.LanguageServer),
with the program file as the inline program: the engine's RunRequest sets up the runtime (monitor,
engine, project, stack, config, preview) exactly as it does for an inline program.

Differences from the upstream host, acceptable for tests: the program runs inside this server process
(upstream starts a fresh Python per run); no plugin discovery (GetRequiredPlugins is empty: the
engine loads installed plugins on demand); no `pulumi install`, `pulumi new`, codegen or packing.
"""

import os
import runpy
import sys
from concurrent import futures
from importlib import metadata

try:
    import grpc
    from pulumi.automation._server import LanguageServer
    from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
    from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2
except ImportError as error:
    sys.exit(
        f"pulumi-language-python (test-only stand-in): {sys.executable} cannot import the pulumi "
        f"package ({error}); install the program's requirements.txt into its virtual environment"
    )


def unsupported(options: dict[str, object], root: str) -> str:
    """Why this host cannot run a project of these runtime options, or "" when it can."""
    toolchain = options.get("toolchain", "pip")
    if toolchain != "pip":
        return f"the runtime option toolchain: {toolchain} is not supported; use pip (the default)"
    # The launcher chose this interpreter from its own reading of Pulumi.yaml: confirm it.
    virtualenv = options.get("virtualenv")
    if virtualenv:
        wanted = os.path.realpath(os.path.join(root, str(virtualenv)))
        if wanted != os.path.realpath(sys.prefix):
            return f"runs in {sys.prefix}, but the virtualenv option is {wanted}"
    return ""


class Host(LanguageServer):
    def __init__(self, engine_address: str) -> None:
        super().__init__(program=lambda: None)
        self.engine_address = engine_address

    def Run(self, request, context):
        info = request.info
        options = dict(info.options.items())
        problem = unsupported(options, info.root_directory or os.getcwd())
        if problem:
            return language_pb2.RunResponse(error=f"pulumi-language-python (test-only stand-in): {problem}")
        directory = info.program_directory or request.pwd or os.getcwd()
        entry = os.path.join(directory, info.entry_point or request.program or ".")
        os.chdir(request.pwd or directory)
        # A program imports its sibling modules, as `python <dir>` would let it.
        sys.path.insert(0, directory)

        def program() -> None:
            # A folder runs its __main__.py, a file itself (runpy does both).
            runpy.run_path(entry, run_name="__main__")

        self.program = program
        # LanguageServer reads the engine address (where pulumi.log goes) from the program's args.
        del request.args[:]
        request.args.append(self.engine_address)
        return super().Run(request, context)

    def GetPluginInfo(self, request, context):
        return plugin_pb2.PluginInfo(version=metadata.version("pulumi"))


def main() -> None:
    # Runtime options (-name=value) and -root come first, the engine's address last.
    positional = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if not positional:
        sys.exit("usage: pulumi-language-python [-option=value ...] <engine address>")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=_GRPC_CHANNEL_OPTIONS)
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(Host(positional[-1]), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    # The engine reads the port from the first line of output.
    print(port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
