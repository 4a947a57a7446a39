import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledgements of cdk-nag `AwsSolutions` findings, each with its reason, placed next to the
 * resource they concern (deploy/test/cdk-nag.spec.ts checks that nothing else is left).
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges the IAM5 finding of a wildcard `resource` (an ARN that may hold tokens, such as
 * a cross-stack bucket ARN) in the policies under `scope`. The finding id holds the resolved
 * ARN, known only once references between stacks are resolved, so it is computed when the tree
 * is validated (after that step, before the rule packs run).
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  scope.node.addValidation({
    validate: () => {
      acknowledge(
        scope,
        `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`,
        reason,
      );
      return [];
    },
  });
}

/** A resolved CloudFormation value as one string, the way cdk-nag names findings. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = node as Record<string, unknown>;
  if (v['Fn::Join']) {
    const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (v['Fn::Sub']) return flatten(v['Fn::Sub']);
  if (v['Fn::GetAtt']) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v['Fn::ImportValue']) return flatten(v['Fn::ImportValue']);
  if (v.Ref) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(node);
}
