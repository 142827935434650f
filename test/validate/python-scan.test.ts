import { describe, expect, it } from 'vitest';
import { tokenize, MAX_TOKENS } from '../../src/validate/python/tokenize.js';
import { scanModule, type Binding, type ClassDef } from '../../src/validate/python/scan.js';

function classes(src: string): ClassDef[] {
  return scanModule(src)
    .bindings.filter((b): b is Extract<Binding, { kind: 'class' }> => b.kind === 'class')
    .map((b) => b.cls);
}

function names(src: string): string[] {
  return scanModule(src).bindings.map((b) => `${b.kind}:${b.name}`);
}

describe('python tokenizer', () => {
  it('joins bracketed lines into one logical line and splits at top-level semicolons', () => {
    const { statements } = tokenize('x = (1,\n  2)\nimport a; import b\n');
    expect(statements.map((s) => s.tokens.map((t) => t.value).join(' '))).toEqual(['x = ( 1 , 2 )', 'import a', 'import b']);
  });

  it('keeps `class` inside strings, docstrings and comments out of the token stream as names', () => {
    const src = [
      '"""',
      'class Fake(ModelProvider):',
      '"""',
      "s = 'class Nope(ModelProvider):'",
      '# class Commented(ModelProvider):',
      "t = f\"{d['class']} class X(Y):\"",
      "u = f'{x[\"k\"]}'  # nested quotes (3.12)",
      'b = rb"\\"class Z(Y)"',
    ].join('\n');
    const tokens = tokenize(src).statements.flatMap((s) => s.tokens);
    expect(tokens.filter((t) => t.type === 'name' && t.value === 'class')).toEqual([]);
    expect(tokens.filter((t) => t.type === 'string')).toHaveLength(5);
  });

  it('reports 1-based line and column, across CRLF and backslash continuations', () => {
    const { statements } = tokenize('a = 1\r\nif x and \\\n   y:\r\n    class  Foo:\r\n        pass\r\n');
    const foo = statements.flatMap((s) => s.tokens).find((t) => t.value === 'Foo')!;
    expect([foo.line, foo.column]).toEqual([4, 12]);
    expect(statements.map((s) => s.indent)).toEqual([0, 0, 4, 8]);
  });

  it('measures tab indentation like CPython (to the next multiple of 8)', () => {
    const { statements } = tokenize('class A:\n\tdef f(self):\n\t\tpass\n');
    expect(statements.map((s) => s.indent)).toEqual([0, 8, 16]);
  });

  it('survives syntax garbage: unterminated strings, unbalanced brackets, stray characters', () => {
    const garbage = ['x = "unterminated', "y = '''never closed", ')))]]}}', 'def (((', '€ ✓ 🙂 \u0000 \\', 'class', 'from . import', 'import'].join('\n');
    expect(() => tokenize(garbage)).not.toThrow();
    expect(() => scanModule(garbage)).not.toThrow();
    // An unterminated single-quoted string ends at its line: the next line is still read.
    expect(names('x = "open\nclass A(B):\n    pass\n')).toEqual(['value:x', 'class:A']);
  });

  it('stops at the token budget and says so', () => {
    const big = 'x = [' + '1, '.repeat(MAX_TOKENS) + ']\nclass Late(Base):\n    pass\n';
    const scan = scanModule(big);
    expect(scan.truncated).toBe(true);
    expect(scan.bindings.some((b) => b.name === 'Late')).toBe(false);
    expect(tokenize('a b c d', 3).truncated).toBe(true);
  });
});

describe('python module scan', () => {
  it('reads class bases written over several lines, with comments, keyword arguments and subscripts', () => {
    const [cls] = classes(
      [
        'class AcmeLLM(  # the main class',
        '    common.Mixin,',
        '    OAICompatLargeLanguageModel,  # from the SDK',
        '    Generic[T],',
        '    metaclass=ABCMeta,',
        '):',
        '    pass',
      ].join('\n'),
    );
    expect(cls.name).toBe('AcmeLLM');
    expect(cls.bases).toEqual([['common', 'Mixin'], ['OAICompatLargeLanguageModel'], ['Generic']]);
    expect(cls.position).toMatchObject({ line: 1, column: 1, endLine: 1 });
  });

  it('collects the names a class body defines: methods, properties, attributes, abstract methods', () => {
    const [cls] = classes(
      [
        '@dataclass',
        'class M(LargeLanguageModel):',
        '    """class Inner(Base): in a docstring"""',
        '    model_type = ModelType.LLM',
        '    limit: int = 3',
        '    @property',
        '    def _invoke_error_mapping(self):',
        '        def helper(): pass',
        '        return {}',
        '    async def _invoke(self, *a):',
        '        class Local(Base): pass',
        '    @abc.abstractmethod',
        '    def get_num_tokens(self): ...',
        '    if True:',
        '        def validate_credentials(self, model, credentials): pass',
      ].join('\n'),
    );
    expect([...cls.members].sort()).toEqual(['_invoke', '_invoke_error_mapping', 'limit', 'model_type', 'validate_credentials']);
    expect([...cls.abstractMembers]).toEqual(['get_num_tokens']);
  });

  it('reads every import form, in order', () => {
    const scan = scanModule(
      [
        'import logging',
        'import models.common.base',
        'import models.common.base as mcb',
        'from dify_plugin import OAICompatProvider as Base, ModelProvider',
        'from dify_plugin.interfaces.model.openai_compatible.llm import (',
        '    OAICompatLargeLanguageModel,  # comment',
        '    # another comment',
        ')',
        'from .anthropic import AnthropicLargeLanguageModel',
        'from .. import helpers',
        'from ...x.y import *',
      ].join('\n'),
    );
    const summary = scan.bindings.map((b) =>
      b.kind === 'from' ? `from ${'.'.repeat(b.level)}${b.module} import ${b.imported} as ${b.name}` : b.kind === 'import' ? `import ${b.module} as ${b.name}` : b.kind,
    );
    expect(summary).toEqual([
      'import logging as logging',
      'import models as models',
      'import models.common.base as mcb',
      'from dify_plugin import OAICompatProvider as Base',
      'from dify_plugin import ModelProvider as ModelProvider',
      'from dify_plugin.interfaces.model.openai_compatible.llm import OAICompatLargeLanguageModel as OAICompatLargeLanguageModel',
      'from .anthropic import AnthropicLargeLanguageModel as AnthropicLargeLanguageModel',
      'from .. import helpers as helpers',
    ]);
    expect(scan.starImports).toMatchObject([{ module: 'x.y', level: 3, position: { line: 11 } }]);
    expect(scan.bindings[5].position.line).toBe(5);
  });

  it('puts module-level classes and imports inside if/try blocks in the namespace, but not those in functions, classes or TYPE_CHECKING', () => {
    const src = [
      'try:',
      '    from dify_plugin import OAICompatProvider',
      'except ImportError:',
      '    OAICompatProvider = None',
      'if TYPE_CHECKING:',
      '    from dify_plugin import ModelProvider',
      'def factory():',
      '    from dify_plugin import TTSModel',
      '    class Hidden(TTSModel): pass',
      '    return Hidden',
      'class Outer:',
      '    class Inner(Base): pass',
      'if sys.version_info >= (3, 12):',
      '    class Shown(Base):',
      '        pass',
      'match = re.match("x", y)',
    ].join('\n');
    expect(names(src)).toEqual(['from:OAICompatProvider', 'value:OAICompatProvider', 'value:factory', 'class:Outer', 'class:Shown', 'value:match']);
  });

  it('records aliases, __all__ and dynamic namespaces', () => {
    const scan = scanModule(['from dify_plugin import OAICompatProvider', 'Provider = OAICompatProvider', 'a, b = 1, 2', 'x.y = 3', '__all__ = ["Provider", \'a\']'].join('\n'));
    expect(scan.bindings.map((b) => `${b.kind}:${b.name}`)).toEqual(['from:OAICompatProvider', 'alias:Provider', 'value:a', 'value:b', 'value:__all__']);
    expect(scan.all).toEqual(['Provider', 'a']);
    expect(scan.dynamic).toBe(false);
    expect(scanModule('globals()["X"] = make()\n').dynamic).toBe(true);
  });

  it('handles a class header with an inline body and a one-line class', () => {
    const [a, b] = classes('class A(Base): x = 1\nclass B(A): pass\n');
    expect(a.members.has('x')).toBe(true);
    expect(b.bases).toEqual([['A']]);
  });

  it('treats a UTF-8 BOM-less source with non-ASCII identifiers and text normally', () => {
    const [cls] = classes('# 中文注释 class X(Y)\nclass 模型(LargeLanguageModel):\n    """文档 class"""\n    def _invoke(self): pass\n');
    expect(cls.name).toBe('模型');
    expect(cls.members.has('_invoke')).toBe(true);
  });
});
