// The second line of defence of `invoke --mock`: an HTTP client that ignores HTTP(S)_PROXY (aiohttp
// without trust_env, a raw socket) would resolve the vendor's host and connect out. A sitecustomize
// module, put first on the plugin's PYTHONPATH, makes name resolution refuse every host name except
// localhost and this machine's name (IP literals need no resolution), with a message that says why.
// A sitecustomize that was there before (Debian's, a venv's) still runs after it.
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const SITECUSTOMIZE = `# Written by model-plugin invoke --mock for one run (deleted when the run ends).
def _model_plugin_guard():
    import _socket, socket, ipaddress

    allowed = {"localhost", "localhost.localdomain", "ip6-localhost"}
    try:
        allowed.add(socket.gethostname().lower())
    except Exception:
        pass

    def literal(host):
        try:
            ipaddress.ip_address(host.split("%")[0])
            return True
        except ValueError:
            return False

    def check(host):
        h = host.decode("ascii", "replace") if isinstance(host, (bytes, bytearray)) else host
        if h is None or h == "" or literal(h) or h.lower().rstrip(".") in allowed:
            return
        raise socket.gaierror(
            socket.EAI_NONAME,
            "model-plugin invoke --mock refused to resolve %s: the HTTP client that asked ignores "
            "HTTP_PROXY/HTTPS_PROXY, so its request would leave the machine; use the proxy "
            "settings from the environment (e.g. aiohttp trust_env=True)" % h,
        )

    def wrap(real):
        def guarded(host, *args, **kwargs):
            check(host)
            return real(host, *args, **kwargs)
        return guarded

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        real = getattr(_socket, name, None)
        if real is not None:
            setattr(_socket, name, wrap(real))
            setattr(socket, name, getattr(_socket, name))


def _model_plugin_next_sitecustomize():
    import importlib.util, os, sys

    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        if os.path.abspath(entry or ".") == here:
            continue
        candidate = os.path.join(entry or ".", "sitecustomize.py")
        if os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("_model_plugin_next_sitecustomize", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return


def _model_plugin_trust_ca():
    # Clients that pass certifi's bundle explicitly (verify=certifi.where(), e.g. the Tencent Cloud
    # SDK) ignore REQUESTS_CA_BUNDLE; point certifi at the run's CA as well.
    import os
    ca = os.environ.get("MODEL_PLUGIN_MOCK_CA")
    if not ca:
        return
    try:
        import certifi, certifi.core
    except Exception:
        return
    certifi.where = certifi.core.where = lambda: ca


def _model_plugin_proxy_clients():
    # Clients that bypass HTTP(S)_PROXY on purpose get the run's proxy when they are imported (a
    # post-import hook: nothing is imported early): httpx transports made without a proxy (a client
    # given transport=httpx.HTTPTransport(), e.g. Replicate's, ignores the environment) and aiohttp
    # sessions without trust_env. Under --mock every request is meant to reach the mock.
    import os, sys, importlib.abc
    proxy = os.environ.get("MODEL_PLUGIN_MOCK_PROXY")
    if not proxy:
        return

    def patch_httpx(module):
        for name in ("HTTPTransport", "AsyncHTTPTransport"):
            cls = getattr(module, name, None)
            if cls is None or getattr(cls, "_model_plugin_proxied", False):
                continue
            real = cls.__init__

            def init(self, *args, _real=real, **kwargs):
                if kwargs.get("proxy") is None and "uds" not in kwargs:
                    kwargs["proxy"] = proxy
                _real(self, *args, **kwargs)

            cls.__init__ = init
            cls._model_plugin_proxied = True

    def patch_aiohttp(module):
        cls = getattr(module, "ClientSession", None)
        if cls is None or getattr(cls, "_model_plugin_proxied", False):
            return
        real = cls.__init__

        def init(self, *args, **kwargs):
            kwargs["trust_env"] = True
            real(self, *args, **kwargs)

        cls.__init__ = init
        cls._model_plugin_proxied = True

    patches = {"httpx": patch_httpx, "aiohttp": patch_aiohttp}

    class Hook(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name not in patches:
                return None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
            else:
                return None
            loader = spec.loader
            if loader is None or not hasattr(loader, "exec_module"):
                return spec
            real_exec = loader.exec_module

            def exec_module(module):
                real_exec(module)
                try:
                    patches[name](module)
                except Exception:
                    pass

            loader.exec_module = exec_module
            return spec

    for name, patch in patches.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, Hook())


_model_plugin_guard()
try:
    _model_plugin_proxy_clients()
except Exception:
    pass
try:
    _model_plugin_trust_ca()
except Exception:
    pass
try:
    _model_plugin_next_sitecustomize()
except Exception:
    pass
`;

/** Writes the guard into `dir` (private to the run); returns the PYTHONPATH that puts it first. */
export function writeDnsGuard(dir: string, existingPythonPath: string | undefined): string {
  writeFileSync(join(dir, 'sitecustomize.py'), SITECUSTOMIZE, { mode: 0o600 });
  return existingPythonPath ? `${dir}${delimiter}${existingPythonPath}` : dir;
}
