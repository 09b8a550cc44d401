import adapter from '@sveltejs/adapter-node';

/**
 * SvelteKit's route announcer (in the root component it generates) hides itself with a style
 * attribute, which `style-src 'self'` refuses: every hydrated page logged a CSP violation, and the
 * announcer stayed visible. It gets the stylesheet's `visually-hidden` class instead, so the policy
 * stays as strict as it is. (sveltejs/kit#11993; remove once SvelteKit stops writing the style.)
 * @type {import('svelte/compiler').PreprocessorGroup}
 */
const announcerWithoutInlineStyle = {
  name: 'announcer-without-inline-style',
  markup({ content, filename }) {
    if (!filename?.replaceAll('\\', '/').endsWith('.svelte-kit/generated/root.svelte')) return;
    return {
      code: content.replace(
        /(<div id="svelte-announcer"[^>]*?)\sstyle="[^"]*"/,
        '$1 class="visually-hidden"',
      ),
    };
  },
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: [announcerWithoutInlineStyle],
  kit: {
    adapter: adapter({ out: 'build' }),
    // SvelteKit adds hashes or nonces for its own scripts; nothing else may run, load or frame us.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
