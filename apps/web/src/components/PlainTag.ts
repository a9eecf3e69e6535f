import { h, type FunctionalComponent } from 'vue';

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export interface PlainTagProps {
  type?: TagType | undefined;
  effect?: 'light' | 'plain' | 'dark' | undefined;
}

/**
 * A small, static tag drawn with Element Plus's own tag classes (it looks like
 * `<ElTag size="small" disable-transitions>`), for tags repeated on every row of a list: ElTag is a
 * stateful component with injections and computed classes, and the hundreds of them on a page
 * of consensus members or ranking rows took a large part of the time to show it. Use ElTag where
 * a tag is closable or interactive.
 */
const PlainTag: FunctionalComponent<PlainTagProps> = (props, { slots }) =>
  h('span', { class: ['el-tag', `el-tag--${props.type ?? 'primary'}`, 'el-tag--small', `el-tag--${props.effect ?? 'light'}`] }, [
    h('span', { class: 'el-tag__content' }, slots.default?.()),
  ]);
PlainTag.props = ['type', 'effect'];
PlainTag.displayName = 'PlainTag';

export default PlainTag;
