"""The install layout, for real: `meson install` into a temporary tree, which is then moved
(the installed inlet must find everything relative to itself); a connector built OUT OF TREE
with nothing but `pkg-config --cflags inlet-sdk` and a C compiler; the installed inlet lists it,
and lists the bundled plugins without any flag."""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

BUILD = os.environ["INLET_BUILD_ROOT"]
SOURCE = os.environ["INLET_SOURCE_ROOT"]
MESON = os.environ["INLET_MESON"]
CC = shlex.split(os.environ.get("INLET_CC", "cc"))
CXX = shlex.split(os.environ.get("INLET_CXX", "c++"))
with open(os.path.join(SOURCE, "sdk", "include", "inlet", "connector.h")) as _h:
    ABI_MINOR = next(int(ln.split()[2]) for ln in _h if ln.startswith("#define INLET_ABI_MINOR"))
failures = []

OOT_PLUGIN = r"""
#include <inlet/connector.h>

INLET_PLUGIN_MAGIC;

static inlet_status start(const inlet_host *h, const inlet_config *c, const inlet_offsets *o,
                          void **task, inlet_error *err) {
    (void)h; (void)c; (void)o; (void)err;
    *task = NULL;
    return INLET_OK;
}
static inlet_status poll_once(void *task, inlet_emitter *e, uint32_t timeout_ms, inlet_error *err) {
    (void)task; (void)e; (void)timeout_ms; (void)err;
    return INLET_FINISHED;
}
static void stop(void *task) { (void)task; }

static const char *const aliases[] = {"com.example.OutOfTreeConnector", NULL};
static const inlet_config_key keys[] = {
    {"greeting", INLET_CFG_STRING, "hello", 0, "What to say.", NULL, 0, 0, 0, INLET_IMPORTANCE_MEDIUM},
};
/* Designated initializers, as sdk/README.md's example: the descriptor grows at its end with
 * each ABI minor, and a positional initializer would then draw -Wmissing-field-initializers. */
static const inlet_plugin descriptor = {
    .struct_size = sizeof(inlet_plugin),
    .abi_major = INLET_ABI_MAJOR,
    .abi_minor = INLET_ABI_MINOR,
    .flags = INLET_PLUGIN_BOUNDED,
    .name = "out-of-tree",
    .version = "9.9.9",
    .description = "Built with only pkg-config and cc",
    .aliases = aliases,
    .config_keys = keys,
    .config_key_count = 1,
    .config_key_size = sizeof(inlet_config_key),
    .start = start,
    .poll = poll_once,
    .stop = stop,
};

INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) { return &descriptor; }
"""


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240, **kw)
    if r.returncode != 0:
        print(f"$ {shlex.join(cmd)}\n{r.stdout}{r.stderr}", file=sys.stderr)
    return r


def build_options():
    with open(os.path.join(BUILD, "meson-info", "intro-buildoptions.json")) as f:
        return {o["name"]: o["value"] for o in json.load(f)}


def inside(path, root):
    return os.path.realpath(path).startswith(os.path.realpath(root) + os.sep)


opts = build_options()
prefix, bindir, libdir = opts["prefix"], opts["bindir"], opts["libdir"]

with tempfile.TemporaryDirectory() as tmp:
    stage = os.path.join(tmp, "stage")
    r = run([MESON, "install", "-C", BUILD, "--no-rebuild", "--destdir", stage])
    if not check(r.returncode == 0, "meson install succeeds"):
        sys.exit(1)

    # Move the installed prefix somewhere it was never configured for.
    moved = os.path.join(tmp, "moved", "inlet-prefix")
    os.makedirs(os.path.dirname(moved))
    shutil.move(stage + prefix, moved)
    inlet = os.path.join(moved, bindir, "inlet")
    plugindir = os.path.join(moved, libdir, "inlet", "plugins")
    pcdir = os.path.join(moved, libdir, "pkgconfig")
    env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}

    check(os.access(inlet, os.X_OK), f"installed {bindir}/inlet")
    for header in ("connector.h", "connector.hpp"):
        check(os.path.isfile(os.path.join(moved, "include", "inlet", header)), f"include/inlet/{header}")
    check(os.path.isfile(os.path.join(pcdir, "inlet-sdk.pc")), f"{libdir}/pkgconfig/inlet-sdk.pc")
    # The SDK's guide, examples and project template come with it (sdk/README.md says where).
    share = os.path.join(moved, opts["datadir"], "inlet")
    for f in ("sdk/README.md", "sdk/examples/c-counter/counter.c", "sdk/examples/cpp-lines/lines.cpp",
              "new-connector.d/meson.build.in", "new-connector.d/src/connector.cpp.in"):
        check(os.path.isfile(os.path.join(share, f)), f"installed {opts['datadir']}/inlet/{f}")
    # The installed template script works from the moved tree, found on PATH like any tool.
    r = run(["inlet-new-connector", "moved-source", os.path.join(tmp, "moved-source")],
            env=dict(env, PATH=os.path.join(moved, bindir) + os.pathsep + env["PATH"]))
    made = os.path.join(tmp, "moved-source", "src", "moved-source.cpp")
    check(r.returncode == 0 and os.path.isfile(made), f"inlet-new-connector from the moved tree: {r.stderr}")
    if os.path.isfile(made):
        with open(made) as f:
            check("@NAME@" not in f.read(), "the generated source has its name filled in")
    r = run([inlet, "--version"], env=env)
    check(r.returncode == 0 and "connector ABI" in r.stdout, f"installed inlet --version: {r.stdout}")

    # pkg-config sees only the moved tree's .pc file.
    pc_env = dict(env, PKG_CONFIG_PATH=pcdir, PKG_CONFIG_LIBDIR=pcdir)
    pc_define = []
    if not opts.get("pkgconfig.relocatable", False):
        # A build dir configured before the project turned this option on: its .pc names the
        # configured prefix, so point pkg-config at the moved tree by hand.
        print("note: pkgconfig.relocatable is off in this build dir; using --define-variable",
              file=sys.stderr)
        pc_define = [f"--define-variable=prefix={moved}"]
    r = run(["pkg-config", *pc_define, "--cflags", "inlet-sdk"], env=pc_env)
    check(r.returncode == 0, "pkg-config --cflags inlet-sdk")
    cflags = shlex.split(r.stdout)
    includes = [f[2:] for f in cflags if f.startswith("-I")]
    check(includes and all(inside(i, moved) for i in includes),
          f"the .pc's include dir lies in the moved tree: {cflags}")
    r = run(["pkg-config", *pc_define, "--variable=plugindir", "inlet-sdk"], env=pc_env)
    check(r.returncode == 0 and os.path.realpath(r.stdout.strip()) == os.path.realpath(plugindir),
          f"plugindir variable {r.stdout.strip()!r} is {plugindir}")

    # The out-of-tree connector: one C file, the .pc's flags, nothing from this source tree.
    work = tempfile.mkdtemp(dir=tmp)  # 0700: the loader refuses group/other-writable folders
    src = os.path.join(work, "oot.c")
    with open(src, "w") as f:
        f.write(OOT_PLUGIN)
    mine = tempfile.mkdtemp(dir=tmp)
    so = os.path.join(mine, "out-of-tree.so")
    r = run([*CC, *cflags, "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
             "-fvisibility=hidden", "-o", so, src], env=env)
    if not check(r.returncode == 0, "the out-of-tree plugin compiles with only the .pc's flags"):
        sys.exit(1)

    # connector.h declares both symbols a plugin defines: an entry point (or magic) of another
    # type is a compile error, not a plugin that crashes the host when called.
    for label, wrong in (("entry point", "int inlet_plugin_entry_v1(void) { return 0; }\n"),
                         ("magic", "const int inlet_plugin_magic_v1 = 1;\n")):
        bad_src = os.path.join(work, "wrong.c")
        with open(bad_src, "w") as f:
            f.write("#include <inlet/connector.h>\n" + wrong)
        r = subprocess.run([*CC, *cflags, "-std=c99", "-c", "-o", os.devnull, bad_src],
                           capture_output=True, text=True, timeout=120)
        check(r.returncode != 0 and "inlet_plugin_" in r.stderr,
              f"a {label} of the wrong type does not compile: rc {r.returncode} {r.stderr}")

    r = run([inlet, "plugins", "--plugin-path", mine], env=env, cwd=tmp)
    check(r.returncode == 0, "installed inlet plugins --plugin-path")
    rows = [line.split() for line in r.stdout.splitlines()]
    abi = f"1.{ABI_MINOR}"
    check(["out-of-tree", "9.9.9", abi, "com.example.OutOfTreeConnector", so] in rows,
          f"the installed inlet lists the out-of-tree plugin: {r.stdout}")
    r = run([inlet, "plugins", "describe", "com.example.OutOfTreeConnector", "--json",
             "--plugin-path", mine], env=env, cwd=tmp)
    check(r.returncode == 0 and json.loads(r.stdout)["config"][0]["default"] == "hello",
          f"describe the out-of-tree plugin: {r.stdout}{r.stderr}")

    # Bundled plugins, found beside the installed inlet with no flag at all.
    if os.path.isdir(os.path.join(SOURCE, "plugins", "random")):
        r = run([inlet, "plugins", "--json"], env=env, cwd=tmp)
        listed = {p["name"]: p["path"] for p in json.loads(r.stdout or "[]")}
        check("random" in listed and inside(listed["random"], plugindir),
              f"the installed inlet lists its bundled random plugin from {plugindir}: {listed}")
        check(r.stderr == "", f"no problems with the bundled plugins: {r.stderr}")
    else:
        print("note: plugins/random not in the source tree yet; bundled-plugin check skipped")

    # inlet.pc comes from meson's generator over the library's dependencies: Boost by name,
    # never this machine's absolute library paths or its -I/usr/include.
    with open(os.path.join(pcdir, "inlet.pc")) as f:
        inlet_pc = f.read()
    pc_fields = [ln for ln in inlet_pc.splitlines() if ln.startswith(("Libs", "Cflags"))]
    absolute = [w for ln in pc_fields for w in ln.split() if "/" in w and "${" not in w]
    check(not absolute and "-I/usr/include" not in inlet_pc,
          f"inlet.pc names no absolute paths outside its prefix: {absolute}\n{inlet_pc}")
    check("-lboost_filesystem" in inlet_pc, f"inlet.pc links Boost by name: {inlet_pc}")

    # Embedding: the README's example program, built against the installed host library with
    # only `pkg-config inlet` (system .pc files stay visible for its nlohmann_json/spdlog).
    embed_env = dict(env, PKG_CONFIG_PATH=pcdir)
    r = run(["pkg-config", *pc_define, "--cflags", "--libs", "inlet"], env=embed_env)
    check(r.returncode == 0, f"pkg-config --cflags --libs inlet: {r.stderr}")
    embed_flags = shlex.split(r.stdout)
    example = os.path.join(SOURCE, "tests", "engine", "pipeline_example.cpp")
    exe = os.path.join(work, "pipeline_example")
    r = run([*CXX, example, "-o", exe, *embed_flags], env=env)
    if check(r.returncode == 0, "the embedding example builds against the installed library"):
        lines = os.path.join(work, "lines.txt")
        with open(lines, "w") as f:
            f.write("alpha\nbeta\ngamma\n")
        r = run([exe, plugindir, "file", f"file={lines}", "topic=t", "mode=bounded"], env=env)
        check(r.returncode == 0 and r.stdout.splitlines() == ["alpha", "beta", "gamma"],
              f"the embedding example reads a file through the installed file plugin: "
              f"{r.stdout!r} {r.stderr!r}")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
