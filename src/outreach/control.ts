// The API's way into a conversation: Temporal updates with their failures mapped to HTTP answers
// (no such conversation → 404, not possible in its current stage → 409).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ApiError } from '../api/errors';

export async function updateConversation<Ret, Arg>(
  client: Client, workflowId: string, def: UpdateDefinition<Ret, [Arg]>, arg: Arg,
): Promise<Ret> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5) {
      // Closed conversations cannot take updates: that is a conflict, not a missing resource.
      const closed = await client.workflow.getHandle(workflowId).describe().then(() => true, () => false);
      if (closed) throw new ApiError(409, 'conflict', `conversation ${workflowId} has ended`);
      throw new ApiError(404, 'not_found', `no running conversation ${workflowId}`);
    }
    if (err instanceof WorkflowUpdateFailedError) {
      const why = (err.cause as Error | undefined)?.message ?? err.message;
      throw new ApiError(409, 'conflict', why);
    }
    // A closed workflow answers updates with a NotFound-like service error.
    if (/workflow execution already completed|not found/i.test((err as Error).message)) {
      throw new ApiError(409, 'conflict', `conversation ${workflowId} has ended`);
    }
    throw err;
  }
}
