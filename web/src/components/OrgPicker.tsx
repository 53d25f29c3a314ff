/** Pick an organisation from the tree (optionally only some kinds, or several). */
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgKind } from '../api/types.ts';
import { type OrgNode, useOrgs } from './useOrgs.ts';

function prune(nodes: OrgNode[], kinds?: readonly OrgKind[], exclude?: number): OrgNode[] {
  return nodes.flatMap((n) => {
    const children = n.children ? prune(n.children, kinds, exclude) : undefined;
    const fits = (!kinds || kinds.includes(n.org.kind)) && n.org.id !== exclude;
    if (!fits && !children?.length) return [];
    return [{ ...n, disabled: !fits, children: children?.length ? children : undefined } as OrgNode];
  });
}

export function OrgPicker(props: {
  value?: number | number[] | null;
  onChange?: (v: number | number[] | undefined) => void;
  kinds?: readonly OrgKind[];
  exclude?: number;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'aria-label'?: string;
}) {
  const { tree } = useOrgs();
  const data = useMemo(() => prune(tree, props.kinds, props.exclude), [tree, props.kinds, props.exclude]);
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v as number | number[] | undefined)}
      treeData={data}
      multiple={props.multiple}
      allowClear={props.allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder={props.placeholder ?? '请选择单位'}
      popupMatchSelectWidth={360}
      style={props.style ?? { width: '100%' }}
      maxTagCount={4}
    />
  );
}
