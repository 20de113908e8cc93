// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi engine.
//
// Why it exists: the upstream host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go module proxy
// reachable here does not serve, while the CLI module (pkg/v3) and the SDK protocol module
// (sdk/v3) it speaks are served. This host implements the part of the LanguageRuntime protocol
// that `pulumi up/preview/refresh/destroy` of a Node.js program needs: it runs the program with the
// runner that @pulumi/pulumi ships (cmd/run), exactly as the upstream host does. Everything else
// (templates, codegen, packing) answers Unimplemented, which the engine tolerates.
//
// It is only built when no official CLI of the pinned version can be found or downloaded.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.0.0"

// bailExitCode is what @pulumi/pulumi's runner exits with after it has already shown the user an
// actionable message; the engine must then stop without printing more.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	options       map[string]string
}

func main() {
	options := map[string]string{}
	var positional []string
	// The engine passes every runtime option of Pulumi.yaml as -name=value, then -root=..., then the
	// engine address last. Unknown options must not make the host exit, so no flag package here.
	for _, arg := range os.Args[1:] {
		if strings.HasPrefix(arg, "-") {
			name, value, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
			options[name] = value
			continue
		}
		positional = append(positional, arg)
	}
	if len(positional) == 0 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-nodejs [-option=value ...] <engine address>")
		os.Exit(1)
	}

	h := &host{engineAddress: positional[len(positional)-1], options: options}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host stopped: %v\n", err)
		os.Exit(1)
	}
}

// GetPluginInfo reports the version this host was built for.
func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPackages reports no plugins to install: the engine bundles pulumi-nodejs, the only
// provider a program of dynamic resources needs, and acquisition is off in this toolchain.
func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// GetRequiredPlugins is the older form of GetRequiredPackages.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// Run executes the program with @pulumi/pulumi's own runner and reports how it ended.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetPwd()
	entry := req.GetProgram()
	rootDir := ""
	if info := req.GetInfo(); info != nil {
		programDir = info.GetProgramDirectory()
		entry = info.GetEntryPoint()
		rootDir = info.GetRootDirectory()
		for k, v := range info.GetOptions().AsMap() {
			h.options[k] = fmt.Sprint(v)
		}
	}
	if entry == "" {
		entry = "."
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the PATH: " + err.Error()}, nil
	}
	runPath, err := resolveRunner(nodeBin, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{
			Error: "could not find @pulumi/pulumi from " + programDir + " (run npm install): " + err.Error(),
		}, nil
	}

	args := []string{runPath}
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", rootDir)
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("query-mode", fmt.Sprint(req.GetQueryMode()))
	add("parallel", fmt.Sprint(req.GetParallel()))
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+fmt.Sprint(h.options["typescript"] != "false"),
	)
	if tsconfig := h.options["tsconfig"]; tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	nodeArgs := strings.Fields(h.options["nodeargs"])
	// #nosec G204 -- runs the program the user asked the engine to run.
	cmd := exec.CommandContext(ctx, nodeBin, append(nodeArgs, args...)...)
	cmd.Dir = programDir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == bailExitCode {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run the Node.js program: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// resolveRunner finds @pulumi/pulumi/cmd/run the way Node itself would from the program directory,
// so the program runs with the SDK copy it imports (two copies break the engine connection).
func resolveRunner(nodeBin, dir string) (string, error) {
	// #nosec G204 -- fixed script.
	cmd := exec.Command(nodeBin, "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return filepath.Clean(strings.TrimSpace(string(out))), nil
}
