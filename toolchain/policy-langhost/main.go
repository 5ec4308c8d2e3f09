// pulumi-language-nodejs with RunPlugin: a pass-through in front of the project's Node.js language host that adds
// the one RPC the host lacks for policy packs.
//
// The project's host is built from the last SDK module that contained it (v3.68.0, see README "Compatibility"). It
// answers RunPlugin with "not supported", and since Pulumi 3.1xx the CLI runs every policy pack whose runtime has a
// language plugin through RunPlugin (sdk/go/common/resource/plugin: NewPolicyAnalyzer → newPlugin → RunPlugin), so
// `pulumi preview --policy-pack` fails with "could not read plugin [<dir>]: not supported".
//
// This binary starts the real host (PULUMI_NODEJS_LANGUAGE_HOST) with the same arguments, forwards every
// LanguageRuntime call to it byte for byte, and answers RunPlugin itself for analyzers, the way the old
// `pulumi-analyzer-policy` shim did: `node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> <policy-pack-dir>`,
// streaming stdout, stderr and the exit code back to the engine. The policy pack then runs on the installed
// @pulumi/pulumi and @pulumi/policy, unmodified.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

const runPluginMethod = "/pulumirpc.LanguageRuntime/RunPlugin"

// rawCodec passes messages through as bytes, so calls are forwarded without decoding them.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (policy shim): "+format+"\n", args...)
	os.Exit(1)
}

// startDelegate runs the real host and returns its address (the port it prints on its first stdout line).
func startDelegate() (string, *exec.Cmd) {
	bin := os.Getenv("PULUMI_NODEJS_LANGUAGE_HOST")
	if bin == "" {
		fail("PULUMI_NODEJS_LANGUAGE_HOST must name the real pulumi-language-nodejs")
	}
	cmd := exec.Command(bin, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fail("%v", err)
	}
	if err := cmd.Start(); err != nil {
		fail("starting %s: %v", bin, err)
	}
	reader := bufio.NewReader(stdout)
	line, err := reader.ReadString('\n')
	if err != nil {
		fail("reading the port of %s: %v", bin, err)
	}
	go func() { _, _ = io.Copy(os.Stdout, reader) }()
	return "127.0.0.1:" + strings.TrimSpace(line), cmd
}

func main() {
	address, delegate := startDelegate()
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
	if err != nil {
		fail("dialing %s: %v", address, err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	server := grpc.NewServer(grpc.ForceServerCodec(rawCodec{}), grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		method, _ := grpc.MethodFromServerStream(stream)
		if method == runPluginMethod {
			return runPlugin(stream)
		}
		return forward(conn, method, stream)
	}))
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() {
		_ = delegate.Wait()
		server.Stop()
	}()
	if err := server.Serve(listener); err != nil {
		fail("%v", err)
	}
}

// forward relays one call (unary or streaming) to the real host.
func forward(conn *grpc.ClientConn, method string, in grpc.ServerStream) error {
	md, _ := metadata.FromIncomingContext(in.Context())
	ctx, cancel := context.WithCancel(metadata.NewOutgoingContext(in.Context(), md.Copy()))
	defer cancel()
	out, err := conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
	if err != nil {
		return err
	}
	go func() {
		for {
			var msg []byte
			if err := in.RecvMsg(&msg); err != nil {
				_ = out.CloseSend()
				return
			}
			if err := out.SendMsg(&msg); err != nil {
				return
			}
		}
	}()
	for {
		var msg []byte
		if err := out.RecvMsg(&msg); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := in.SendMsg(&msg); err != nil {
			return err
		}
	}
}

// streamWriter sends what a plugin writes as RunPluginResponse messages.
type streamWriter struct {
	stream grpc.ServerStream
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	data := append([]byte(nil), p...)
	res := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: data}}
	if w.stderr {
		res = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: data}}
	}
	return len(p), send(w.stream, res)
}

func send(stream grpc.ServerStream, res *pulumirpc.RunPluginResponse) error {
	bytes, err := proto.Marshal(res)
	if err != nil {
		return err
	}
	return stream.SendMsg(&bytes)
}

// runPlugin runs a Node.js policy pack: `node run-policy-pack <engine-address> <dir>` in the pack's directory.
func runPlugin(stream grpc.ServerStream) error {
	var raw []byte
	if err := stream.RecvMsg(&raw); err != nil {
		return err
	}
	var req pulumirpc.RunPluginRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		return err
	}
	if req.GetKind() != "analyzer" {
		return status.Errorf(codes.Unimplemented, "RunPlugin: only policy packs (analyzers) are supported, not %q", req.GetKind())
	}
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" || len(req.GetArgs()) == 0 {
		return status.Error(codes.InvalidArgument, "RunPlugin: need the policy pack directory and the engine address")
	}
	script, err := findRunPolicyPack(dir)
	if err != nil {
		return status.Error(codes.FailedPrecondition, err.Error())
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return status.Error(codes.FailedPrecondition, "RunPlugin: node is not on PATH")
	}
	cmd := exec.CommandContext(stream.Context(), node, script, req.GetArgs()[0], dir)
	cmd.Dir = dir
	cmd.Env = req.GetEnv()
	cmd.Stdout = streamWriter{stream: stream}
	cmd.Stderr = streamWriter{stream: stream, stderr: true}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return status.Errorf(codes.Internal, "RunPlugin: running %s: %v", script, err)
		}
		code = int32(exit.ExitCode())
	}
	return send(stream, &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// findRunPolicyPack looks for @pulumi/pulumi/cmd/run-policy-pack in node_modules from dir upwards, as Node resolves it.
func findRunPolicyPack(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("it looks like the policy pack's dependencies are not installed: no "+
				"node_modules/@pulumi/pulumi/cmd/run-policy-pack from %s upwards; run npm install", dir)
		}
	}
}
