// The commands load the Python grammar before validating a plugin with .py files (X8); tests that
// call the synchronous validatePlugin get it loaded here, once per test file.
import { loadPythonGrammar } from '../src/validate/python/grammar.js';

await loadPythonGrammar();
